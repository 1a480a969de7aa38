"""The `quizapp` command: options, sub-commands, and the rule that users never see a traceback.

The TUI is imported only inside the commands that open it, so that `quizapp lint` and the other
plain commands start fast and never load Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar, overload

from . import __version__

# quizapp uses no pydantic plugins: without this, the first deck a command loads waits while pydantic
# reads the entry points of every installed package looking for some (about 5 ms).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from .datadir import DEFAULT_PROFILE, check_profile_name, resolve_data_dir
from .problems import BadFile, UserError
from .safetext import CONTROL_RE, visible

if TYPE_CHECKING:  # only the commands that use them import these (see above)
    from .plain.start import PlainStart
    from .study.workspace import Workspace
    from .tui.app import ExamOptions

_N = TypeVar("_N")

EPILOG = """\
Data: --data-dir DIR, else $QUIZAPP_DATA_DIR, else the platform's user data folder.
Decks: the bundled decks, <data-dir>/decks/, the paths in $QUIZAPP_DECKS, and any deck named
on the command line (by its id or its path). Guides: docs/ in the project, or `quizapp <command> --help`."""


class Parser(argparse.ArgumentParser):
    """argparse, with its errors told in the one-line form of every other quizapp error."""

    def error(self, message: str) -> NoReturn:
        """Print `quizapp: error: ...` with a pointer to --help, and exit 2."""
        raise UserError(f"{message} (see '{self.prog} --help')", code=2)

    # The overloads of argparse's own parse_args: the options come back in `namespace` when given.
    @overload
    def parse_args(self, args: Iterable[str] | None = None, namespace: None = None) -> argparse.Namespace: ...
    @overload
    def parse_args(self, args: Iterable[str] | None, namespace: _N) -> _N: ...
    @overload
    def parse_args(self, *, namespace: _N) -> _N: ...

    def parse_args(self, args: Iterable[str] | None = None, namespace: _N | None = None) -> argparse.Namespace | _N:
        """Parse, pointing unknown arguments at the help of the command they were given to."""
        options, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(options, "command", None)
            where = f"{self.prog} {command}" if command else self.prog
            raise UserError(f"unrecognized arguments: {' '.join(extras)} (see '{where} --help')", code=2)
        return options


if TYPE_CHECKING:  # generic in typeshed only
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class LazyCommands(_SubParsers):
    """The sub-commands, each command's parser built only when that command is given.

    argparse would build a parser for every command, each with its options, on every run: 10 ms of
    each start, a tenth of what quizapp adds to Textual's own start (#18). The help lists the
    commands from their summaries alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._builders: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {}
        # What argparse checks a command's name against, and lists when it is wrong: it only asks `in`
        # and iterates. (typeshed has it hold the parsers themselves, which are built later here.)
        self.choices = self._builders  # type: ignore[assignment]

    def add_command(
        self,
        name: str,
        summary: str,
        handler: Callable[[argparse.Namespace], int],
        arguments: Callable[[argparse.ArgumentParser], None] | None = None,
    ) -> None:
        """A command, its one-line summary, what runs it, and what adds its own arguments."""

        def build(sub: argparse.ArgumentParser) -> None:
            _global_options(sub, defaults=False)
            sub.set_defaults(handler=handler)
            if arguments is not None:
                arguments(sub)

        self._choices_actions.append(self._ChoicesPseudoAction(name, (), summary))
        self._builders[name] = (summary, build)

    def parser_of(self, name: str) -> argparse.ArgumentParser:
        """The parser of command `name`, built the first time it is asked for."""
        if name not in self._name_parser_map:
            summary, build = self._builders[name]
            build(
                self.add_parser(
                    name, description=summary, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
                )
            )
        return self._name_parser_map[name]

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        """Build the parser of the command given, then let argparse parse the rest with it."""
        assert isinstance(values, list)  # (nargs=PARSER: the command's name, then the rest)
        self.parser_of(values[0])
        super().__call__(parser, namespace, values, option_string)


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--data-dir and --profile, accepted before and after the command name.

    The main parser holds the defaults; each sub-command's copy has none (SUPPRESS), so that it
    only overrides the value when the option is actually given after the command.
    """
    default = argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if defaults else default,
        help="where progress, results and backups are kept (default: $QUIZAPP_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=DEFAULT_PROFILE if defaults else default,
        help=f"whose progress to use: one profile per student (default: {DEFAULT_PROFILE})",
    )


def _plain_option(parser: argparse.ArgumentParser) -> None:
    """--plain (and --no-plain) of the commands plain mode can run: study, quiz, read."""
    parser.add_argument(
        "--plain",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="plain mode: line by line, for screen readers, dumb terminals and answers piped in "
        "(docs/student-guide.md). Chosen by itself when TERM=dumb, when input or output is not a terminal, "
        "or when the profile's settings say so; --no-plain opens the full-screen app all the same",
    )


def _plain_wanted(options: argparse.Namespace) -> bool:
    """Whether study, quiz or read runs in plain mode: as asked; else when the terminal cannot show the
    app (TERM=dumb, input or output not a terminal), or the profile chose it. Never for an app `quizapp
    serve` runs for a browser (`--ask-student`): it runs over pipes, and is the full-screen app."""
    if options.plain is not None:
        return bool(options.plain)
    if options.ask_student:
        return False
    from .plain.console import on_a_terminal

    if os.environ.get("TERM") == "dumb" or not on_a_terminal():
        return True
    from .study.store import DATABASE_NAME, prefers_plain

    return prefers_plain(resolve_data_dir(options.data_dir) / DATABASE_NAME, options.profile)


def _open_plain(options: argparse.Namespace, start: PlainStart, decks: list[str]) -> int:
    """Run plain mode; afterwards print the results file an exam wrote."""
    from .plain.start import PlainApp, standard_console

    gc.enable()  # (paused for the TUI's start: see main)
    app = PlainApp(_workspace(options, decks), options.profile, standard_console())
    with _backed_up_when_hung_up(app):
        results = app.run(start)
    if app.backup_warning:  # the progress is saved; only the quit's copy of it is missing
        print(f"quizapp: warning: {visible(app.backup_warning)}", file=sys.stderr)
    if results is not None:
        print(f"results written to {visible(str(results))}")
    return 0


def build_parser() -> Parser:
    """The argument parser of every command."""
    parser = Parser(
        prog="quizapp",
        description="Study question decks with spaced repetition, sit timed exams, and check decks you write.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    # Set by `quizapp serve` for the app it runs for each browser: ask who is studying first.
    parser.add_argument("--ask-student", action="store_true", help=argparse.SUPPRESS)
    # Set with it when the server is open to other machines: signing in with the roster is then the only way in.
    parser.add_argument("--sign-in-only", action="store_true", help=argparse.SUPPRESS)
    # And the limits of `serve` (its options of the same names), for each browser's app to keep.
    parser.add_argument("--max-students", type=_positive, dest="served_max_students", help=argparse.SUPPRESS)
    parser.add_argument("--idle-minutes", type=_minutes, dest="served_idle_minutes", help=argparse.SUPPRESS)
    _global_options(parser, defaults=True)
    commands = parser.add_subparsers(
        action=LazyCommands, dest="command", metavar="COMMAND", title="commands (quizapp with no command opens the app)"
    )
    assert isinstance(commands, LazyCommands)  # (typeshed types add_subparsers by its default action)

    commands.add_command(
        "lint",
        "check deck files or folders; one line per problem: path:line:col: error|warning: message [rule]",
        run_lint,
        _lint_arguments,
    )
    commands.add_command(
        "new", "write a starter deck with one explained example of every question type", run_new, _new_arguments
    )
    commands.add_command(
        "schema", "print the JSON Schema of the deck format, for editors", run_schema, _schema_arguments
    )
    commands.add_command("decks", "list the decks found: id, title, question count, path", run_decks, _decks_arguments)
    commands.add_command(
        "study", "study with spaced repetition: the decks named, or every deck", run_study, _study_arguments
    )
    commands.add_command(
        "quiz", "sit a deck's exam; writes a results file and prints its path on exit", run_quiz, _quiz_arguments
    )
    commands.add_command("read", "read a deck's study notes, paragraph by paragraph", run_read, _read_arguments)
    commands.add_command(
        "preview",
        "see every question of a deck with its answers, points, tags and warnings, and its exam settings; "
        "records nothing; shows each save of the file",
        run_preview,
        _preview_arguments,
    )
    commands.add_command(
        "import",
        "convert another format to a deck file: Moodle GIFT, Aiken, CSV/TSV, Anki packages",
        run_import,
        _import_arguments,
    )
    commands.add_command(
        "export",
        "convert a deck to Moodle GIFT, a CSV text file for Anki, or an Anki package",
        run_export,
        _export_arguments,
    )
    commands.add_command(
        "stats",
        "the profile's progress per deck: new, learning, review, due today, reviews, retention",
        run_stats,
        _stats_arguments,
    )
    commands.add_command(
        "report",
        "the class report from exam results files: scores, item analysis, Cronbach's alpha",
        run_report,
        _report_arguments,
    )
    commands.add_command(
        "serve",
        "serve the app to web browsers: each student signs in with their name and join code (the class roster), "
        "and studies as themselves",
        run_serve,
        _serve_arguments,
    )
    commands.add_command(
        "class",
        "the class roster, the students' join codes, and watching the class live (docs/teacher-guide.md)",
        run_class,
        _class_arguments,
    )
    commands.add_command(
        "optimize",
        "fit the profile's own FSRS parameters to its reviews; adopt them only if they predict better",
        run_optimize,
    )
    commands.add_command(
        "doctor",
        "check the progress database and the decks; list the backups (when taken, how many cards); restore one",
        run_doctor,
        _doctor_arguments,
    )
    return parser


def _lint_arguments(lint: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp lint`."""
    lint.add_argument("paths", nargs="*", metavar="PATH", help="deck files, or folders searched for *.toml")
    lint.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    lint.add_argument("--rules", action="store_true", help="list every rule with why it matters, and check nothing")
    lint.add_argument("--json", action="store_true", help="print one JSON object instead of lines")


def _new_arguments(new: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp new`."""
    new.add_argument("path", metavar="PATH", help="the deck file to create (never overwritten)")
    new.add_argument("--title", help="the deck's title (default: made from the file name)")


def _schema_arguments(schema: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp schema`."""
    schema.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of printing it")


def _decks_arguments(decks: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp decks`."""
    decks.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def _study_arguments(study: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp study`."""
    study.add_argument("decks", nargs="*", metavar="DECK", help="deck ids or paths (default: every deck)")
    study.add_argument(
        "--seed", type=int, metavar="N", help="show the options in the order this seed gives, every time"
    )
    _plain_option(study)


def _quiz_arguments(quiz: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp quiz`."""
    quiz.add_argument("deck", metavar="DECK", help="the deck's id or path")
    quiz.add_argument(
        "--count", type=_positive, metavar="N", help="how many questions (default: the deck's exam count, or all)"
    )
    quiz.add_argument(
        "--time-limit", type=_positive, metavar="MIN", help="minutes allowed (default: the deck's, or none)"
    )
    quiz.add_argument("--seed", type=int, metavar="N", help="draw and shuffle with this seed (recorded in the results)")
    quiz.add_argument("--student", metavar="NAME", help="the name in the results file (default: the profile's)")
    quiz.add_argument("--results-dir", metavar="DIR", help="where the results file goes (default: <data-dir>/results)")
    _plain_option(quiz)


def _read_arguments(read: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp read`."""
    read.add_argument("deck", metavar="DECK", help="the deck's id or path")
    _plain_option(read)


def _preview_arguments(preview: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp preview`."""
    preview.add_argument("deck", metavar="DECK", help="the deck's id or path")


def _import_arguments(importer: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp import`."""
    importer.add_argument("file", metavar="FILE", help="the file to convert")
    importer.add_argument(
        "-o", "--output", metavar="OUT.toml", help="the deck to write (default: FILE with .toml; never overwritten)"
    )
    importer.add_argument(
        "--format",
        choices=("gift", "aiken", "csv", "apkg"),
        help="the file's format (default: guessed from its name, else from its content)",
    )
    importer.add_argument(
        "--as",
        dest="as_kind",
        choices=("flashcard", "short"),
        default="flashcard",
        help="CSV rows become flashcards (default) or short-answer questions",
    )
    importer.add_argument(
        "--strict",
        action="store_true",
        help="refuse the file (writing nothing) if any question would be skipped or lose something",
    )


def _export_arguments(exporter: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp export`."""
    exporter.add_argument("deck", metavar="DECK", help="the deck's id or path")
    exporter.add_argument("--format", required=True, choices=("gift", "csv", "apkg"), help="the format to write")
    exporter.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write (never overwritten)")


def _stats_arguments(stats: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp stats`."""
    stats.add_argument("decks", nargs="*", metavar="DECK", help="deck ids or paths (default: every deck)")
    stats.add_argument(
        "--json", action="store_true", help="print one JSON object (documented in docs/student-guide.md)"
    )


def _report_arguments(report: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp report`."""
    report.add_argument("results", nargs="+", metavar="RESULTS", help="results files, or folders of them")
    report.add_argument("--deck", metavar="DECK", help="the deck to report on (needed when the results mix decks)")
    report.add_argument(
        "--csv",
        metavar="OUT",
        help="also write to this CSV file: a row per student and question, a total per student, a row per option",
    )
    report.add_argument(
        "--json", action="store_true", help="print one JSON object (documented in docs/teacher-guide.md)"
    )


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp serve`."""
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens it to the room, "
        "which needs a class roster)",
    )
    serve.add_argument("--port", type=_positive, default=8000, help="the port (default 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address students open when a TLS proxy (Caddy, nginx) passes it on to this server, e.g. "
        "https://quiz.school.example: the page then connects back through it (needs a class roster)",
    )
    serve.add_argument(
        "--max-students",
        type=_positive,
        metavar="N",
        help="at most N students at once, a browser each (default: no limit); the next browser is told the class is full",
    )
    serve.add_argument(
        "--idle-minutes",
        type=_minutes,
        metavar="MIN",
        help="close a browser after MIN minutes without a key or click, its answers saved (default 30; 0: never)",
    )


def _class_arguments(classroom: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp class`."""
    actions = classroom.add_subparsers(dest="class_action", metavar="ACTION", title="actions", required=True)

    def action(name: str, summary: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=summary, description=summary)
        _global_options(sub, defaults=False)
        sub.set_defaults(handler=handler)
        return sub

    class_add = action("add", "add students to the roster, by their profile names (no codes yet)", run_class_add)
    class_add.add_argument("names", nargs="+", metavar="NAME", help="the students' names (quote a name with spaces)")
    class_list = action("list", "list the students, whether each has a join code and when it was made", run_class_list)
    class_list.add_argument(
        "--json", action="store_true", help="print a JSON list (documented in docs/teacher-guide.md)"
    )
    class_remove = action(
        "remove", "take students off the roster (their progress and results are kept)", run_class_remove
    )
    class_remove.add_argument("names", nargs="+", metavar="NAME", help="the students' names")
    class_codes = action(
        "codes",
        "make new join codes, replacing the old ones; print them once and write a printable sheet",
        run_class_codes,
    )
    class_codes.add_argument("names", nargs="*", metavar="NAME", help="the students (default: every student)")
    class_codes.add_argument(
        "--sheet",
        metavar="FILE",
        help="the sheet to write: HTML for .html, else text (default: <data-dir>/class/codes-<UTC time>.html)",
    )
    class_codes.add_argument("--url", metavar="ADDRESS", help="the address students open, printed on each card")
    action(
        "watch",
        "the class live, from the data directory `quizapp serve` uses: who is signed in, answers today, the exam "
        "each is sitting and its clock, exam scores, failed sign-ins; r: the class report of an exam",
        run_class_watch,
    )


def _doctor_arguments(doctor: argparse.ArgumentParser) -> None:
    """The arguments of `quizapp doctor`."""
    doctor.add_argument(
        "--restore",
        metavar="BACKUP",
        help="a backup's file name (as listed) or path; the current database is kept beside it "
        "(refused while another quizapp has it open)",
    )


def _print_json(data: object) -> None:
    import json  # only the commands that print JSON need it

    # JSON escapes the C0 controls itself but not DEL or the C1 controls (U+0080 to U+009F, which
    # some terminals obey as escapes): those are written as \u escapes too, which read back the same.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    print(CONTROL_RE.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


def run_lint(options: argparse.Namespace) -> int:
    """`quizapp lint`."""
    from .deck.lint import lint_paths

    if options.rules:
        from .deck.rules import rule_lines

        print("\n".join(rule_lines()))
        return 0
    if not options.paths:
        raise UserError("name the deck files or folders to check (or ask for --rules)", 2)
    report = lint_paths([Path(path) for path in options.paths], strict=options.strict)
    if options.json:
        _print_json(report.as_json())
    else:
        for problem in report.problems:
            print(problem)
        print(report.summary(), file=sys.stderr)
    return 1 if report.failed else 0


def run_new(options: argparse.Namespace) -> int:
    """`quizapp new`."""
    from .deck.starter import starter_deck
    from .deck.writer import write_new_file

    path = Path(options.path)
    if path.suffix != ".toml":
        raise UserError(f"{visible(str(path))}: a deck file's name ends in .toml", code=2)
    write_new_file(path, starter_deck(path, options.title))
    print(f"wrote {visible(str(path))}; check it with: quizapp lint {visible(str(path))}")
    return 0


def run_schema(options: argparse.Namespace) -> int:
    """`quizapp schema`."""
    import json

    from .deck.schema import deck_schema

    text = json.dumps(deck_schema(), indent=2) + "\n"
    if options.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(options.output)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {visible(str(target))}: {error.strerror or error}") from None
    print(f"wrote {visible(str(target))}")
    return 0


def run_decks(options: argparse.Namespace) -> int:
    """`quizapp decks`."""
    catalog = _workspace(options).catalog()
    rows = [(loaded.id, loaded.title, len(loaded.question_ids), str(loaded.path)) for loaded in catalog.decks]
    if options.json:
        _print_json(
            {
                "decks": [dict(zip(("id", "title", "questions", "path"), row, strict=True)) for row in rows],
                "problems": [problem.as_json() for problem in catalog.problems],
            }
        )
    else:
        for problem in catalog.problems:
            print(problem, file=sys.stderr)
        _print_table(("ID", "TITLE", "QUESTIONS", "PATH"), rows)
    return 1 if catalog.errors else 0


def _print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [list(header)] + [[visible(str(cell)) for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]
    for row in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _workspace(options: argparse.Namespace, named: list[str] | None = None) -> Workspace:
    from .study.workspace import Workspace

    return Workspace(resolve_data_dir(options.data_dir), named or [])


def run_import(options: argparse.Namespace) -> int:
    """`quizapp import`."""
    from .formats.deck_import import default_target, import_file

    source = Path(options.file)
    target = Path(options.output) if options.output else default_target(source)
    count, losses = import_file(source, target, options.format, options.as_kind, options.strict)
    skipped = sum(loss.skipped for loss in losses)
    print(
        f"wrote {visible(str(target))}: {count} question{'s' * (count != 1)}"
        + (f", {skipped} skipped" if skipped else "")
        + f"; check it with: quizapp lint {visible(str(target))}"
    )
    for loss in losses:
        print(f"  {'skipped' if loss.skipped else 'not kept'}: {visible(str(loss))}")
    return 0


def run_export(options: argparse.Namespace) -> int:
    """`quizapp export`."""
    from .deck.writer import write_new_file
    from .formats.export import loss_lines, to_anki_text, to_gift

    deck = _workspace(options, [options.deck]).decks()[0]
    target = Path(options.output)
    if options.format == "apkg":
        from .formats.apkg import to_apkg

        if target.exists():
            raise UserError(
                f"{visible(str(target))} already exists; quizapp never overwrites a file, so choose another name"
            )
        dropped = to_apkg(deck, target)
    else:
        text, dropped = to_gift(deck) if options.format == "gift" else to_anki_text(deck)
        write_new_file(target, text)
    print(f"wrote {visible(str(target))}")
    for line in loss_lines(dropped):
        print(f"  not kept: {visible(line)}")
    return 0


def run_stats(options: argparse.Namespace) -> int:
    """`quizapp stats`."""
    from .days import utc_now
    from .study.stats import deck_stats, stats_json

    workspace = _workspace(options, options.decks)
    decks = workspace.decks()
    for problem in workspace.catalog().errors:  # a deck that did not load is named, not left out silently
        print(problem, file=sys.stderr)
    now = utc_now()
    store = workspace.store()
    profile = store.profile(options.profile, now)
    lines = deck_stats(store, profile, decks, now)
    workspace.close()
    if options.json:
        _print_json(stats_json(profile, lines, now))
        return 0
    header = ("DECK", "QUESTIONS", "NEW", "LEARNING", "REVIEW", "DUE TODAY", "REVIEWS", "RETENTION", "LEECHES")
    rows = [
        (
            line.id,
            line.questions,
            line.new,
            line.learning,
            line.review,
            line.due_today,
            line.reviews,
            "-" if line.retention is None else f"{line.retention:.0%}",
            line.leeches,
        )
        for line in lines
    ]
    print(f"profile {visible(profile.name)}")
    _print_table(header, rows)
    return 0


def run_report(options: argparse.Namespace) -> int:
    """`quizapp report`."""
    from .classroom.report import build_report, gather, report_json, write_csv

    places = [Path(place) for place in options.results]
    workspace = _workspace(options, [options.deck] if options.deck else [])
    if options.deck:  # the teacher's copy, named by id or path; results of other decks are skipped
        deck = workspace.decks()[0]
        files, skipped, _ = gather(places, deck.id)
    else:  # the deck the results are for, found like any deck
        files, skipped, deck_id = gather(places, None)
        deck = workspace.catalog().find(deck_id)
    report = build_report(deck, files, skipped)
    if options.csv:
        write_csv(report, Path(options.csv))
    if options.json:
        _print_json(report_json(report))
    else:
        from .classroom.report_text import print_report

        print_report(report)
    return 0


def run_class(options: argparse.Namespace) -> int:
    """`quizapp class` without an action (argparse asks for one first)."""
    raise UserError("name an action: add, list, remove, codes or watch (see 'quizapp class --help')", code=2)


def run_class_add(options: argparse.Namespace) -> int:
    """`quizapp class add`."""
    import shlex

    from .classroom.roster import add_students, read_roster, roster_path, write_roster
    from .datadir import ensure_data_dir

    data_dir = resolve_data_dir(options.data_dir)
    path = roster_path(data_dir)
    roster, added, already = add_students(read_roster(path), options.names)
    for name in already:
        print(f"already on the roster: {visible(name)}")
    if added:
        ensure_data_dir(data_dir)
        write_roster(path, roster)
        for name in added:
            print(f"added {visible(name)}")
        # As a teacher would type them: "O'Brien" rather than shlex's 'O'"'"'Brien'.
        words = [f'"{name}"' if "'" in name and not set('"$`\\!') & set(name) else shlex.quote(name) for name in added]
        print(f"make their join codes with: quizapp class codes {visible(' '.join(words))}")
    return 0


def run_class_list(options: argparse.Namespace) -> int:
    """`quizapp class list`."""
    from .classroom.roster import read_roster, roster_json, roster_path

    roster = read_roster(roster_path(resolve_data_dir(options.data_dir)))
    if options.json:
        _print_json(roster_json(roster))
        return 0
    if not roster.students:
        print("the roster is empty; add students with: quizapp class add NAME...", file=sys.stderr)
        return 0
    rows = [
        (student.name, "yes", student.code.created.strftime("%Y-%m-%d %H:%M UTC"))
        if student.code
        else (student.name, "no", "-")
        for student in roster.students
    ]
    _print_table(("STUDENT", "CODE", "CODE MADE"), rows)
    _print_sign_in_failures(resolve_data_dir(options.data_dir))
    return 0


def _print_sign_in_failures(data_dir: Path) -> None:
    """How many sign-ins to `quizapp serve` failed lately, and where they are logged (to stderr)."""
    import datetime as dt

    from .classroom.signin import failures_path, read_failures
    from .days import utc_now

    log = failures_path(data_dir)
    failures = read_failures(log, utc_now() - dt.timedelta(days=1), max_bytes=16 * 1024 * 1024)
    if failures:
        count = f"{len(failures)} failed sign-in{'s' if len(failures) != 1 else ''}"
        print(f"{count} in the last 24 hours; each is logged in {visible(str(log))}", file=sys.stderr)


def run_class_watch(options: argparse.Namespace) -> int:
    """`quizapp class watch`: the teacher's live view (the TUI), once the data directory holds a class."""
    from .classroom.watch import check_class

    check_class(resolve_data_dir(options.data_dir))
    return _open_tui(options, "watch", [])


def run_class_remove(options: argparse.Namespace) -> int:
    """`quizapp class remove`."""
    from .classroom.roster import read_roster, remove_students, roster_path, write_roster

    path = roster_path(resolve_data_dir(options.data_dir))
    roster, removed = remove_students(read_roster(path), options.names)
    write_roster(path, roster)
    for name in removed:
        print(f"removed {visible(name)} from the roster (their progress and results are kept)")
    return 0


def run_class_codes(options: argparse.Namespace) -> int:
    """`quizapp class codes`: the codes reach the screen only once the sheet and the roster are written."""
    import contextlib

    from .classroom.code_sheet import check_sheet_target, default_sheet_path, write_sheet
    from .classroom.joincodes import shown
    from .classroom.roster import class_dir, read_roster, renew_codes, roster_path, write_roster
    from .datadir import ensure_data_dir
    from .days import utc_now

    if options.url is not None and (CONTROL_RE.search(options.url) or not options.url.strip()):
        raise UserError("--url needs an address such as http://192.168.1.20:8000/", code=2)
    data_dir = resolve_data_dir(options.data_dir)
    path = roster_path(data_dir)
    roster = read_roster(path)
    named_sheet = Path(options.sheet) if options.sheet else None
    if named_sheet is not None:
        check_sheet_target(named_sheet)  # before any code is made: a refusal here changes nothing
    now = utc_now()
    roster, codes = renew_codes(roster, options.names or None, now)
    ensure_data_dir(data_dir)
    sheet = named_sheet or default_sheet_path(class_dir(data_dir), now)
    write_sheet(sheet, codes, options.url, now)
    try:
        write_roster(path, roster)
    except UserError:
        with contextlib.suppress(OSError):
            sheet.unlink()  # its codes would not work: better no sheet than a wrong one
        raise
    width = max(len(visible(name)) for name, _ in codes)
    for name, code in codes:
        print(f"{visible(name).ljust(width)}  {shown(code)}")
    count = f"{len(codes)} new join code{'s' if len(codes) != 1 else ''}"
    print(
        f"{count}, shown only now: any code these students had before no longer works.\n"
        f"printable sheet: {visible(str(sheet))} (print it, hand out the cards, then delete it)",
        file=sys.stderr,
    )
    return 0


def run_optimize(options: argparse.Namespace) -> int:
    """`quizapp optimize`."""

    from .days import StudyDayCounter, utc_now
    from .study.optimizer import fit

    workspace = _workspace(options)
    store = workspace.store()
    profile = store.profile(options.profile, utc_now())
    outcome = fit(store.study_history(profile.id, StudyDayCounter()), profile.settings.fsrs_parameters)
    print(f"profile {visible(profile.name)}: {outcome.reviews} reviews used")
    if outcome.current_loss is not None and outcome.fitted_loss is not None:
        if outcome.evaluated < outcome.reviews:
            print(f"log losses computed on {outcome.evaluated} of them, evenly spread")
        print(f"log loss with the current parameters: {outcome.current_loss:.4f}")
        print(f"log loss with the fitted parameters:  {outcome.fitted_loss:.4f}")
    if outcome.parameters is not None:
        store.save_settings(profile.id, profile.settings._replace(fsrs_parameters=outcome.parameters))
        print(f"adopted: {outcome.reason}")
    else:
        print(f"kept the current parameters: {outcome.reason}")
    workspace.close()
    return 0


def run_doctor(options: argparse.Namespace) -> int:
    """`quizapp doctor`."""
    from .study.doctor import examine, restore_backup

    workspace = _workspace(options)
    if options.restore:
        for line in restore_backup(workspace.data_dir, options.restore):
            print(line)
        return 0
    healthy, lines = examine(workspace)
    for line in lines:
        print(line)
    workspace.close()
    return 0 if healthy else 1


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes (0 or more)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _open_tui(
    options: argparse.Namespace,
    mode: str,
    decks: list[str],
    exam: ExamOptions | None = None,
    sign_in_only: bool = False,
    max_students: int | None = None,
    idle_minutes: float | None = None,
    seed: int | None = None,
) -> int:
    """Run the TUI; afterwards print why it could not start, or the results file an exam wrote."""
    from .tui.app import Start, build_app

    start = Start(mode, decks, exam or {}, sign_in_only, max_students, idle_minutes)
    app = build_app(resolve_data_dir(options.data_dir), options.profile, start, seed=seed)
    with _backed_up_when_hung_up(app):
        app.run()
    if app.backup_warning:  # the progress is saved; only the quit's copy of it is missing
        print(f"quizapp: warning: {visible(app.backup_warning)}", file=sys.stderr)
    if app.deck_problems:  # told as lint tells them, one line each
        raise BadFile(app.deck_problems)
    if app.error_message:
        raise UserError(app.error_message)
    if app.results_path is not None:
        print(f"results written to {visible(str(app.results_path))}")
    return app.return_code or 0


class _BacksUpOnQuit(Protocol):
    """The TUI or plain mode: either takes the backup of the way out."""

    def back_up_on_quit(self) -> None: ...


@contextlib.contextmanager
def _backed_up_when_hung_up(app: _BacksUpOnQuit) -> Iterator[None]:
    """While the app runs, a closed terminal (SIGHUP) or a polite kill (SIGTERM, as when the machine
    shuts down) ends the program where it stands, as it always did (every answer shown is saved
    already, and the terminal is gone: nothing is drawn), but first takes the quit's backup if one is
    due. The handlers before are put back afterwards."""
    import signal

    def hung_up(number: int, _frame: object) -> None:
        app.back_up_on_quit()
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    previous: dict[int, Any] = {}
    for name in ("SIGHUP", "SIGTERM"):  # (Windows has no SIGHUP)
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError):  # not the main thread: signals are not ours to take
                previous[number] = signal.signal(number, hung_up)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_app(options: argparse.Namespace) -> int:
    """`quizapp` with no command: the TUI on its home screen."""
    if options.ask_student:  # an app `quizapp serve` runs for a browser
        return _open_tui(
            options,
            "serve",
            [],
            sign_in_only=options.sign_in_only,
            max_students=options.served_max_students,
            idle_minutes=options.served_idle_minutes,
        )
    return _open_tui(options, "home", [])


def run_serve(options: argparse.Namespace) -> int:
    """`quizapp serve`: with a roster every browser signs its student in; without one, it asks a name,
    and only on this machine (127.0.0.1)."""
    import shlex

    from textual_serve.server import Server

    from .classroom.prefork import can_fork, start_fork_server
    from .classroom.roster import read_roster, roster_path
    from .classroom.sessions import clean_sessions, duration_text, idle_limit
    from .classroom.signin import check_serving, failures_path, is_loopback, students_without_codes
    from .datadir import ensure_data_dir
    from .days import utc_now

    data_dir = resolve_data_dir(options.data_dir)
    roster = read_roster(roster_path(data_dir))
    sign_in = check_serving(roster, options.host, data_dir, options.public_url)  # before anything is made or bound
    data_dir = ensure_data_dir(data_dir)
    # The limits may be given before `serve` too, as --data-dir may.
    max_students = options.max_students if options.max_students is not None else options.served_max_students
    idle_minutes = options.idle_minutes if options.idle_minutes is not None else options.served_idle_minutes
    limit = idle_limit(idle_minutes)
    clean_sessions(data_dir, utc_now())  # what apps killed before (a stopped machine) left behind
    arguments = ["--data-dir", str(data_dir), "--ask-student"]  # of each browser's app
    if options.public_url or not is_loopback(options.host):
        arguments.append("--sign-in-only")
    if max_students is not None:
        arguments += ["--max-students", str(max_students)]
    arguments += ["--idle-minutes", "0" if limit is None else format(limit.total_seconds() / 60, "g")]
    # One process per browser, forked from one that has imported the app already (classroom/prefork.py).
    fork_server = start_fork_server(_preload_served_app, main) if can_fork() else None
    if fork_server is None:
        command = shlex.join([sys.executable, "-m", "quizapp", *arguments])
    else:
        command = shlex.join(fork_server.launch_words(sys.executable, arguments))
    address = options.public_url or f"http://{options.host}:{options.port}/"
    print(
        f"serving quizapp at {visible(address)} ; exam results go to "
        f"{visible(str(data_dir / 'results'))} ; ctrl+c stops",
        flush=True,
    )
    if sign_in:
        print(
            f"students sign in with their name and join code ({len(roster.students)} on the roster); "
            f"failed sign-ins are logged in {visible(str(failures_path(data_dir)))}",
            flush=True,
        )
        missing = students_without_codes(roster)
        if missing:
            names = ", ".join(visible(name) for name in missing[:5]) + (", ..." if len(missing) > 5 else "")
            print(
                f"{len(missing)} cannot sign in yet, having no join code ({names}); make theirs with: quizapp class codes NAME...",
                flush=True,
            )
    else:
        print("no class roster: each browser asks the student's name (this machine only)", flush=True)
    at_most = f"at most {max_students} browsers at once" if max_students is not None else "no limit of browsers"
    idle = f"a browser idle for {duration_text(limit)} is closed" if limit else "no browser is closed for being idle"
    print(f"{at_most} (--max-students); {idle} (--idle-minutes)", flush=True)
    try:
        Server(command, host=options.host, port=options.port, title="quizapp", public_url=options.public_url).serve()
    finally:
        if fork_server is not None:
            fork_server.stop()
    return 0


def _preload_served_app() -> None:
    """What every browser's app needs, imported once in the fork server (classroom/prefork.py)."""
    import importlib
    import pkgutil

    from . import tui

    for module in pkgutil.walk_packages(tui.__path__, f"{tui.__name__}."):
        importlib.import_module(module.name)


def run_study(options: argparse.Namespace) -> int:
    """`quizapp study`."""
    if _plain_wanted(options):
        from .plain.start import PlainStart

        return _open_plain(options, PlainStart("study", seed=options.seed), options.decks)
    return _open_tui(options, "study", options.decks, seed=options.seed)


def run_quiz(options: argparse.Namespace) -> int:
    """`quizapp quiz`."""
    student = options.student
    if student is not None:
        check_profile_name(student)  # the same rules: one line, no control characters
    exam: ExamOptions = {
        "count": options.count,
        "time_limit": options.time_limit,
        "seed": options.seed,
        "student": student,
        "results_dir": Path(options.results_dir) if options.results_dir else None,
    }
    if _plain_wanted(options):
        from .plain.start import PlainStart

        return _open_plain(options, PlainStart("quiz", **exam), [options.deck])
    return _open_tui(options, "quiz", [options.deck], exam)


def run_read(options: argparse.Namespace) -> int:
    """`quizapp read`."""
    if _plain_wanted(options):
        from .plain.start import PlainStart

        return _open_plain(options, PlainStart("read"), [options.deck])
    return _open_tui(options, "read", [options.deck])


def run_preview(options: argparse.Namespace) -> int:
    """`quizapp preview`."""
    return _open_tui(options, "preview", [options.deck])


TUI_COMMANDS = (run_app, run_study, run_quiz, run_read, run_preview)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the command, turning every failure into one line (and a crash log for bugs)."""
    data_dir_option = None
    # The cycle collector has nothing to find while the program starts, and it would scan the many
    # objects of the imports over and over: it waits until the app is on screen (see tui/app.py), or
    # until the arguments are read for the other commands. (The `quizapp` command paused it before
    # importing this module: see entry.py.)
    gc.disable()
    try:
        options = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = getattr(options, "handler", run_app)
        if handler not in TUI_COMMANDS:
            gc.enable()
        data_dir_option = options.data_dir
        check_profile_name(options.profile)
        limits = options.served_max_students is not None or options.served_idle_minutes is not None
        if limits and handler is not run_serve and not options.ask_student:
            raise UserError("--max-students and --idle-minutes are options of 'quizapp serve'", code=2)
        return handler(options)
    except UserError as error:
        print(f"quizapp: error: {visible(str(error))}", file=sys.stderr)
        return error.code
    except BadFile as bad:  # a file the command was given is wrong: where, and what
        for problem in bad.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `quizapp lint ... | head`: the reader went away, nothing is wrong
        sys.stderr.close()
        return 0
    except Exception as error:  # a bug: keep the details, tell the user where they are
        from .crashlog import write_crash_log

        log = write_crash_log(resolve_data_dir(data_dir_option), error)
        print(f"quizapp: error: unexpected failure ({type(error).__name__}); details are in {log}", file=sys.stderr)
        return 70
    finally:
        if not gc.isenabled():  # the app never came up (an error, --help): collect again all the same
            gc.enable()
