"""The command line's messages in the language of the person at the terminal (`cli.*` ids).

Every sentence the CLI says (summaries, progress and warnings, confirmations, one-line errors,
click's usage errors) comes from the gettext catalogue (`coder.i18n`), in this language:

1. the command's `--lang sv|fi|en` (or its old spelling `--ui-lang`) when given on the command
   line; `main` reads it before click parses, so usage errors follow it too;
2. else `ui_lang` in the analyst's config file (the one the TUI reads);
3. else the locale, as gettext reads it: the first of `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and
   `LANG` that is set (`sv_FI.UTF-8` -> sv, `fi` -> fi); a language coder has no catalogue for,
   or `C`/`POSIX`, means English;
4. else English.

What scripts read never changes with the language: JSON, CSV and the other files, the
tab-separated listings, exit statuses, the path `coder demo --no-tui` prints, and the prefixes
`coder: error:` and `warning:` (docs/cli.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

import click

from coder import i18n
from coder.errors import InputError, Number, said
from coder.tui.config import load_config

LANGUAGES = ("sv", "fi", "en")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LANG_OPTIONS = ("--lang", "--ui-lang")
# The same in every language: scripts and people grep stderr for them (docs/cli.md).
PROGRAM_PREFIX = "coder: "
ERROR_PREFIX = "coder: error: "
WARNING_PREFIX = "warning: "

_given: str | None = None  # the command line's --lang, during a run of `main`
_resolved: str | None = None  # the language from the config file and locale, once per run
_running = False


def choose(argv: Sequence[str]) -> None:
    """Start a run: its language is ``--lang``/``--ui-lang`` in ``argv``, else found once."""
    global _given, _resolved, _running
    _given, _resolved, _running = lang_in(argv), None, True


def forget() -> None:
    """End a run: the next one (or a command invoked without `main`) looks again."""
    global _given, _resolved, _running
    _given, _resolved, _running = None, None, False


def lang_in(argv: Sequence[str]) -> str | None:
    """The supported language given as ``--lang X`` or ``--lang=X`` in ``argv``, else None."""
    found = None
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        if name in LANG_OPTIONS:
            value = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if value in LANGUAGES:
                found = value
        elif arg == "--":
            break
    return found


def language() -> str:
    """The language the CLI speaks now (see the module's docstring)."""
    global _resolved
    if _given is not None:
        return _given
    if _resolved is not None:
        return _resolved
    found = _configured() or locale_language(os.environ) or i18n.FALLBACK
    if _running:
        _resolved = found
    return found


def _configured() -> str | None:
    """``ui_lang`` of the config file; a broken file is left for the TUI to report."""
    try:
        return load_config().ui_lang
    except InputError:
        return None


def locale_language(environ: os._Environ[str] | dict[str, str]) -> str | None:
    """sv, fi or en from the first locale variable that is set; None when none is."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for entry in value.split(":"):  # LANGUAGE may list several, in order
            lang = re.split(r"[_.@-]", entry, maxsplit=1)[0].lower()
            if lang in LANGUAGES:
                return lang
        return i18n.FALLBACK
    return None


def msg(key: str, **fields: object) -> str:
    """Message ``key`` (a `cli.` id) in the CLI's language, its ``{fields}`` filled in as the
    core's messages are (``{n:,}`` groups digits the language's way)."""
    lang = language()
    return _found(i18n.text(key, lang), key).format(**_said(fields, lang))


def msg_n(key: str, n: int, **fields: object) -> str:
    """Counted message ``key`` in the grammatical number that goes with ``n`` ("1 answer")."""
    lang = language()
    return _found(i18n.counted(key, n, lang), key).format(**_said({"n": n, **fields}, lang))


def _said(fields: dict[str, object], lang: str) -> dict[str, object]:
    return {name: said(value, lang) for name, value in fields.items()}


def _found(text: str | None, key: str) -> str:
    if text is None:  # a programming error: every id used is in the catalogues (tested)
        raise KeyError(f"no message {key!r} in the catalogues")
    return text


def decimal(value: float, digits: int) -> str:
    """A number with ``digits`` decimals, with a decimal comma in Swedish and Finnish."""
    return Number(value, digits).text(language())


def percent(share: float, digits: int = 1) -> str:
    """A share as a percentage ("81.0 %", "81,0 %")."""
    return f"{decimal(100 * share, digits)} %"


def quoted(names: Sequence[object], limit: int = 10) -> str:
    """Up to ``limit`` names quoted and joined, then "and N more"."""
    shown = ", ".join(repr(name) for name in names[:limit])
    if len(names) > limit:
        shown += msg_n("cli.list.more", len(names) - limit)
    return shown


# --- click's usage errors ------------------------------------------------------------------

# Click ships its messages in English only; these are its texts (click 8.x) that a type or
# the parser puts into a usage error, read back into catalogue messages. Text that matches
# none of them stays click's English.
_CLICK_DETAILS: tuple[tuple[str, str], ...] = (
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "cli.usage.not_one_of"),
    (r"(?P<value>.+) is not (?P<choices>'[^']*')\.", "cli.usage.not_one_of"),
    (r"(?P<value>.+) is not a valid integer\.", "cli.usage.not_integer"),
    (r"(?P<value>.+) is not a valid float\.", "cli.usage.not_number"),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "cli.usage.range"),
    (r"Option (?P<name>'.+') requires an argument\.", "cli.usage.needs_value"),
    (r"Option (?P<name>'.+') does not take a value\.", "cli.usage.no_value"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "cli.usage.extra"),
)


def usage_message(exc: click.UsageError) -> str:
    """Click's usage error as one line in the CLI's language (our own ones are already)."""
    if isinstance(exc, click.NoSuchOption | click.exceptions.NoSuchCommand):
        if isinstance(exc, click.NoSuchOption):
            text = msg("cli.usage.no_such_option", name=repr(exc.option_name))
        else:
            text = msg("cli.usage.no_such_command", name=repr(exc.command_name))
        if exc.possibilities:
            names = ", ".join(repr(p) for p in sorted(exc.possibilities))
            text += msg_n("cli.usage.did_you_mean", len(exc.possibilities), names=names)
        return text
    if isinstance(exc, click.MissingParameter):
        hint = _param_hint(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        key = "cli.usage.missing_argument" if kind == "argument" else "cli.usage.missing_option"
        text = msg(key, name=hint)
        if exc.param is not None and isinstance(exc.param.type, click.Choice):
            choices = ", ".join(repr(str(c)) for c in exc.param.type.choices)
            text += msg("cli.usage.choose_from", choices=choices)
        return text
    if isinstance(exc, click.BadParameter):
        return msg("cli.usage.invalid_value", name=_param_hint(exc), problem=_detail(exc.message))
    return _detail(exc.format_message())


def _param_hint(exc: click.BadParameter) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is None:
        return "?"
    return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)


def _detail(message: str) -> str:
    """One of click's known messages in the CLI's language, else click's text on one line."""
    text = " ".join(message.split())
    for pattern, key in _CLICK_DETAILS:  # compiled on first use (re caches them)
        match = re.fullmatch(pattern, text, re.S)
        if match:
            return msg(key, **match.groupdict())
    return one_line(text)


def one_line(message: str) -> str:
    """'No such thing.\n(Did you mean...)' -> 'no such thing; did you mean...'."""
    text = " ".join(message.split())
    if text.endswith("?)") and ". (" in text:  # click's "(Did you mean ...?)" suggestion
        head, _, tail = text.rpartition(". (")
        text = f"{head}; {tail[:-1]}"
    text = text.removesuffix(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text.replace("; Did you mean", "; did you mean")
