"""Join codes: made at random, shown once, kept only as salted scrypt hashes, checked in constant time.

A join code is what a student types, with their name, to sign in to the class. It is short enough to
copy from a printed card and drawn from an alphabet with no two characters a student could mistake
for one another, so that a code read aloud or copied by hand still works.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# Capital letters and digits without the look-alikes: 0 O Q, 1 I L, 2 Z, 5 S, 6 G, 8 B, and V
# (U and V are alike when handwritten). Codes are shown and compared in capitals, so the
# lower-case look-alikes (l, g/9) never arise.
ALPHABET = "ACDEFHJKMNPRTUWXY34679"
CODE_LENGTH = 8  # 22**8 ≈ 5.5e10 codes: log2(22) × 8 ≈ 35.7 bits of entropy
GROUP = 4  # shown as two groups of four, "K7HM-3WXT": easier to copy than eight in a row

# What a student may type between and around the characters: none of it is part of the code.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


@dataclass(frozen=True, slots=True)
class ScryptParameters:
    """scrypt's cost: `n` (CPU and memory, a power of 2), `r` (block size), `p` (parallelism)."""

    n: int
    r: int
    p: int

    @property
    def memory(self) -> int:
        """Bytes OpenSSL's scrypt needs for these parameters: its table, 128·r·(n + 2), and 128·r·p more."""
        return 128 * self.r * (self.n + 2 + self.p)


# One check takes about 34 ms (33-45 ms) on the machine this was written on (2 cores, Python 3.11's OpenSSL
# scrypt; n=2**13 took 17-22 ms, n=2**15 took 88-97 ms) and 16 MiB of memory: unnoticed at a
# student's sign-in, while an attacker with a copy of the roster pays as much for every guess,
# separately for every student (each hash has its own salt). The parameters are stored with each
# hash, so raising them later leaves the codes already handed out working.
DEFAULT_PARAMETERS = ScryptParameters(n=2**14, r=8, p=1)
SALT_BYTES = 16
HASH_BYTES = 32

# The most a stored hash may ask of a check. The roster file is read as untrusted input: a
# hand-edited n=2**30 must be refused, not left to exhaust the machine at every sign-in.
MAX_MEMORY = 256 * 1024 * 1024
MAX_P = 16
_MAXMEM = MAX_MEMORY + 16 * 1024 * 1024  # OpenSSL's own limit on a call: above any parameters accepted


def parameters_problem(parameters: ScryptParameters) -> str | None:
    """Why these parameters cannot be used for a check, or None when they can."""
    n, r, p = parameters.n, parameters.r, parameters.p
    if n < 2 or n & (n - 1):
        return f"scrypt n must be a power of 2 of at least 2, not {n}"
    if not 1 <= r <= 64 or not 1 <= p <= MAX_P:
        return f"scrypt r must be 1 to 64 and p 1 to {MAX_P} (they are {r} and {p})"
    if parameters.memory > MAX_MEMORY:
        return f"scrypt n={n}, r={r} would need more than {MAX_MEMORY // 2**20} MiB for each check"
    return None


@dataclass(frozen=True, slots=True)
class CodeHash:
    """What is kept of a join code: its salt, its scrypt hash and the parameters that made it."""

    parameters: ScryptParameters
    salt: bytes
    digest: bytes


def new_code() -> str:
    """A new join code from the operating system's secure random source, without its dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """A code as printed for a student: in groups of four with a dash between them ("K7HM-3WXT")."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def normalised(typed: str) -> str | None:
    """The code a student typed, in capitals without dashes and spaces; None when it cannot be one."""
    code = _SEPARATORS.sub("", typed).upper()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def _scrypt(code: str, salt: bytes, parameters: ScryptParameters, length: int) -> bytes:
    return hashlib.scrypt(
        code.encode("ascii"),
        salt=salt,
        n=parameters.n,
        r=parameters.r,
        p=parameters.p,
        maxmem=_MAXMEM,
        dklen=length,
    )


def hash_code(code: str, parameters: ScryptParameters = DEFAULT_PARAMETERS) -> CodeHash:
    """The salted hash kept for `code` (a code as `new_code` makes it)."""
    salt = secrets.token_bytes(SALT_BYTES)
    return CodeHash(parameters, salt, _scrypt(code, salt, parameters, HASH_BYTES))


def matches(kept: CodeHash, typed: str) -> bool:
    """Whether `typed` is the code `kept` was made from, in any case, with or without dash or spaces."""
    code = normalised(typed)
    if code is None:  # not the shape of any code: nothing secret is learnt from saying no at once
        return False
    # compare_digest takes as long wherever the first difference is: the time tells nothing.
    return hmac.compare_digest(_scrypt(code, kept.salt, kept.parameters, len(kept.digest)), kept.digest)


def spend_a_check() -> None:
    """Take as long as a check does, for a name with no code: the time does not tell who has one."""
    _scrypt(ALPHABET[:CODE_LENGTH], bytes(SALT_BYTES), DEFAULT_PARAMETERS, HASH_BYTES)
