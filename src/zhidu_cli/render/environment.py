"""The sandboxed Jinja environment that turns records into documents.

Why a sandbox at all: a records repository may carry its own ``templates/``, and repositories get
copied between branches. A template must therefore be able to do what a document needs (loops,
conditions, filters, macros) and nothing else: no reaching Python internals, no reading files
outside the template directories, no running the machine out of time or memory.

The layers, from Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` outwards:

* **Attributes**: Jinja refuses names starting with ``_`` (``__class__``, ``__globals__``,
  ``_TemplateReference__context``), ``mro`` and friends, and methods that mutate lists, dicts and
  sets. We add: on strings only a whitelist of harmless methods (so ``str.format``/``format_map``
  and the padding methods are refused outright rather than sandboxed), and no ``int.to_bytes``.
  A refused access raises at once with a bilingual message instead of becoming an undefined value.
* **Globals**: ``lipsum``, ``cycler`` and ``joiner`` are removed (documents have no use for them);
  ``range`` is capped; ``dict`` and ``namespace`` stay.
* **Filters**: ``format``, ``pprint`` and ``tojson`` are refused (printf formatting and object
  dumps have no place in a notice); filters that take a width or a count (``center``, ``indent``,
  ``wordwrap``, ``replace``, ``join``, ``batch``, ``string``, ``sum``) check the size of their result
  before building it.
* **Growth**: every way a template can make a value grow faster than the time it spends is bounded
  before the value is built: the operators ``+ * ** %``, the ``~`` operator, captured output
  (macros, ``{% set %}`` blocks) and printed containers. Everything else grows at most linearly with
  the work done, so it is covered by the two outer limits:
* **Output and time**: a render produces at most :attr:`RenderLimits.max_output` characters and
  runs for at most :attr:`RenderLimits.seconds`. On the main thread of a POSIX system the time
  budget is a ``SIGALRM`` interval timer that interrupts even a loop that never calls anything; it
  is always disarmed and the previous handler (and any earlier timer) restored. Elsewhere (worker
  threads, Windows) the budget is checked cooperatively at every call and output chunk.

Every failure (syntax, undefined variable, refused access, time, size, a filter's bad input) comes
out of :func:`render_template` as one :class:`TemplateFailure` with the template file and line.
"""

from __future__ import annotations

import contextlib
import contextvars
import numbers
import os
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import (
    SecurityError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.filters import make_attrgetter
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, pass_environment, pass_eval_context

from zhidu_cli.fsutil import KIND_ZH, special_kind
from zhidu_cli.render.filters import DOCUMENT_FILTERS
from zhidu_cli.privacy import NO_SECRETS, redact

TemplateOrigin = Literal["repository", "built-in"]


@dataclass(frozen=True)
class RenderLimits:
    """How much a single render may take. The defaults fit any real document a hundredfold."""

    max_range: int = 10_000
    max_output: int = 2_000_000  # characters of rendered text (and of any value built on the way)
    max_items: int = 10_000  # elements of a list or tuple built by ``+`` or ``*``
    max_int_bits: int = 4096  # integers built by ``*`` or ``**``
    seconds: float = 5.0


@dataclass(frozen=True)
class TemplateSource:
    """One template as ``zhidu render --list`` shows it: the file that will be used, and from where.

    ``shadows`` is the built-in file a repository template overrides, if any.
    """

    name: str
    path: Path
    origin: TemplateOrigin
    shadows: Path | None = None
    problem: str = ""          # why the file cannot be used (a folder, FIFO or broken link named like a template)


class TemplateFailure(Exception):
    """Anything that stops a template from rendering, located in the template.

    ``template_path`` is the file Jinja was executing (the included file if the error is inside an
    include), ``line`` its 1-based line or ``None`` when Jinja gives none (template not found).
    """

    def __init__(self, template_path: str, line: int | None, message: str) -> None:
        self.template_path = template_path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.template_path}:{self.line}" if self.line else self.template_path
        return f"{where}: {self.message}"


class _LimitExceeded(SecurityError):
    """A resource limit refused an operation; a SecurityError so Jinja treats it like one."""


class _RenderTimeout(Exception):
    """Raised into the template code when the time budget is spent."""


def _refuse(zh: str, en: str) -> SecurityError:
    return SecurityError(f"{zh}（{en}）")


def _too_large(zh: str, en: str, size: int, limit: int) -> _LimitExceeded:
    return _LimitExceeded(f"{zh}过大：{size} 超过上限 {limit}（{en} too large: {size} exceeds the "
                          f"limit {limit}）")


# --------------------------------------------------------------------------- template lookup


def builtin_template_dir() -> Path:
    """Where the built-in templates are: ``zhidu_cli/_templates`` in a wheel, else the checkout's
    top-level ``templates/`` (source checkout or editable install, where ``src/zhidu_cli`` sits two
    levels below the repository root)."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_templates"
    if shipped.is_dir():
        return shipped
    return package.parent.parent / "templates"


def _search_path(records_root: Path | None) -> list[Path]:
    """Repository templates first so they override built-ins of the same name."""
    paths = [builtin_template_dir()]
    if records_root is not None:
        paths.insert(0, Path(records_root) / "templates")
    return paths


def repository_templates_problem(records_root: Path | None) -> TemplateFailure | None:
    """Why a repository's ``templates`` cannot be used, or None (absent is fine).

    It must be a folder inside the repository: a symlink to ``/`` would make every file of the
    machine a template (and ``render --list`` a walk of the whole filesystem), and a file, FIFO or
    dangling link in its place would otherwise be passed over for the built-ins without a word.
    """
    if records_root is None:
        return None
    folder = Path(records_root) / "templates"
    if not os.path.lexists(folder):
        return None
    shown = str(folder)
    try:
        kind = special_kind(os.stat(folder).st_mode)
    except OSError as error:
        return TemplateFailure(shown, None, f"模板目录无法使用：{error.strerror or error}"
                                            f"（the templates folder cannot be used: {error.strerror or error}）")
    if kind != "folder":
        what = "普通文件" if kind is None else KIND_ZH[kind]
        return TemplateFailure(shown, None, f"templates 应是目录，这里是{what}"
                                            f"（templates must be a folder, found a {kind or 'regular file'}）")
    real, root = os.path.realpath(folder), os.path.realpath(records_root)
    if os.path.commonpath([real, root]) != root:
        return TemplateFailure(shown, None, f"templates 指向仓库之外的 {real}，不予使用"
                                            f"（templates points outside the repository, to {real}: refused）")
    return None


def _template_files(directory: Path) -> dict[str, Path]:
    """Template name (posix path relative to the directory) → file, skipping hidden entries.
    Symlinked folders are not followed: a link must not send the listing round the filesystem."""
    if not directory.is_dir():
        return {}
    found = {}
    for folder, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(folder) / name
            relative = path.relative_to(directory)
            if not name.startswith(".") and path.is_file():
                found[relative.as_posix()] = path
    return dict(sorted(found.items()))


def _unusable_templates(directory: Path) -> dict[str, tuple[Path, str]]:
    """Entries named like templates (``*.j2``) that a render would refuse: name → (path, what it is)."""
    if not directory.is_dir():
        return {}
    found = {}
    for folder, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs + names:
            path = Path(folder) / name
            if name.startswith(".") or not name.endswith(".j2"):
                continue
            try:
                kind = special_kind(os.stat(path).st_mode)
            except OSError as error:
                kind = error.strerror or str(error)
            if kind is not None:
                found[path.relative_to(directory).as_posix()] = (path, kind)
    return found


def list_templates(records_root: Path | None) -> list[TemplateSource]:
    """Every template name once, with the file a render would use; sorted by name.

    Raises :class:`TemplateFailure` when the repository's ``templates`` cannot be used."""
    problem = repository_templates_problem(records_root)
    if problem is not None:
        raise problem
    builtins = _template_files(builtin_template_dir())
    repository = _template_files(Path(records_root) / "templates") if records_root else {}
    sources = [TemplateSource(name, path, "repository", builtins.get(name))
               for name, path in repository.items()]
    unusable = _unusable_templates(Path(records_root) / "templates") if records_root else {}
    sources += [TemplateSource(name, path, "repository", builtins.get(name), problem=kind)
                for name, (path, kind) in unusable.items()]
    repository = {**repository, **{name: path for name, (path, _) in unusable.items()}}
    sources += [TemplateSource(name, path, "built-in")
                for name, path in builtins.items() if name not in repository]
    return sorted(sources, key=lambda source: source.name)


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses what the plain one would pass over or follow.

    * files that resolve (through symlinks) outside its folders — ``FileSystemLoader`` already
      rejects ``..`` and treats ``/etc/passwd`` as ``etc/passwd`` under each folder; a symlink
      committed into a repository's ``templates/`` is the remaining way out;
    * a folder, FIFO, device or dangling link named like a template: an error naming it, never a
      silent fall-back to the built-in template of that name (and never a read that blocks);
    * a repository ``templates`` that is not a folder inside the repository
      (:func:`repository_templates_problem`).
    Every refusal is a :class:`TemplateFailure` naming the real file.
    """

    def __init__(self, searchpath: list[str], refusal: TemplateFailure | None = None) -> None:
        super().__init__(searchpath)
        self.refusal = refusal

    def locate(self, template: str) -> str:
        """The file a template name would load (the first search folder holding it), else the name."""
        try:
            pieces = split_template_path(template)
        except TemplateNotFound:
            return template
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if os.path.lexists(filename):
                return filename
        return template

    def get_source(self, environment: jinja2.Environment, template: str):
        if self.refusal is not None:
            raise self.refusal
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if not os.path.lexists(filename):
                continue
            try:
                kind = special_kind(os.stat(filename).st_mode)
            except OSError as error:
                raise TemplateFailure(filename, None, f"模板文件无法读取：{error.strerror or error}"
                                                      f"（cannot read the template: {error.strerror or error}）") from None
            if kind is not None:
                raise TemplateFailure(filename, None, f"模板「{template}」不是普通文件，而是{KIND_ZH[kind]}"
                                                      f"（the template is a {kind}, not a regular file）")
            resolved = Path(filename).resolve()
            roots = [Path(root).resolve() for root in self.searchpath]
            if not any(resolved.is_relative_to(root) for root in roots):
                raise _refuse(f"模板「{template}」指向模板目录之外的文件",
                              f"template {template!r} resolves outside the template directories")
            try:
                with open(filename, "rb") as handle:
                    data = handle.read()
                contents = data.decode(self.encoding)
            except UnicodeDecodeError as error:
                raise TemplateFailure(filename, None, f"模板文件不是 UTF-8（第 {error.start} 字节）"
                                                      f"（the template is not UTF-8 at byte {error.start}）") from None
            except OSError as error:
                raise TemplateFailure(filename, None, f"模板文件无法读取：{error.strerror or error}"
                                                      f"（cannot read the template: {error.strerror or error}）") from None
            mtime = os.path.getmtime(filename)

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return contents, os.path.normpath(filename), uptodate
        raise TemplateNotFound(template)


# --------------------------------------------------------------------------- size estimates


def _estimated_text_length(value: Any, limit: int) -> int:
    """Roughly ``len(str(value))``, computed without building the text; stops once over ``limit``.

    Containers print their elements' reprs, so a list of 10,000 references to one long string
    prints 10,000 copies of it. Every visited element adds at least 2, so the walk ends after
    ``limit / 2`` steps whatever the shape of the value. An undefined element raises, as it
    would if printed on its own.
    """
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 4
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
            total += 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
            total += 2
        elif isinstance(item, Namespace):
            stack.append(item._Namespace__attrs)
            total += 12
        elif isinstance(item, jinja2.Undefined):
            # repr() of an undefined inside a list prints "Undefined"; strict means strict.
            item._fail_with_undefined_error()
        else:
            total += 24  # numbers, dates, model objects: short, or bounded by trusted data
    return total


# --------------------------------------------------------------------------- the environment

_SAFE_STR_METHODS = frozenset(
    """capitalize casefold count endswith find index isalnum isalpha isascii isdecimal isdigit
    isidentifier islower isnumeric isprintable isspace istitle isupper lower lstrip partition
    removeprefix removesuffix rfind rindex rpartition rsplit rstrip split splitlines startswith
    strip swapcase title upper""".split()
)

_REFUSED_FILTERS = {
    "format": ("printf 式格式化", "printf-style formatting"),
    "pprint": ("对象转储", "object dumps"),
    "tojson": ("JSON 转储", "JSON dumps"),
}

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("zhidu_render_deadline",
                                                                       default=None)


def _check_deadline() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise _RenderTimeout()


class _GuardedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a size-checked join instead of Jinja's unchecked ``str_join``."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the refusals and limits described in the module docstring."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, *args: Any, limits: RenderLimits = RenderLimits(), **kwargs: Any) -> None:
        super().__init__(*args, finalize=self._printable, **kwargs)
        self.limits = limits
        self.concat = self._bounded_concat  # captured output: macros, {% set %} blocks, callers
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        self.globals["range"] = self._capped_range
        self.filters.update(DOCUMENT_FILTERS)
        self.filters.update(_guarded_builtin_filters(self))
        for name, (zh, en) in _REFUSED_FILTERS.items():
            self.filters[name] = _refused_filter(name, zh, en)

    # -- attributes and calls

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # str's own methods outside the whitelist; a str subclass's own attributes (an enum's
        # ``value``, ``label``) stay reachable.
        if isinstance(obj, str) and hasattr(str, attr) and attr not in _SAFE_STR_METHODS:
            return False
        if isinstance(obj, int) and attr == "to_bytes":
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is refused by :meth:`is_safe_attribute`, so it is never wrapped."""
        return None

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """Refuse at the point of access: a silent undefined would hide the attempt.

        On an undefined value (``cycler.__init__`` once ``cycler`` is gone) the real problem is
        the undefined name, so that is what gets reported.
        """
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()  # documented Undefined API; raises UndefinedError
        raise _refuse(f"模板不能访问 {type(obj).__name__} 对象的属性「{attribute}」",
                      f"access to attribute {attribute!r} of a {type(obj).__name__!r} object "
                      "is refused by the sandbox")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_deadline()
        return super().call(__context, __obj, *args, **kwargs)

    # -- growth

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def _check_binop(self, operator: str, left: Any, right: Any) -> None:
        limits = self.limits
        if operator == "%" and isinstance(left, str):
            raise _refuse("模板中不能用 % 格式化字符串，请用过滤器",
                          "printf-style '%' formatting of strings is refused; use a filter")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            bits = max(abs(left).bit_length() - 1, 0) * right
            if bits > limits.max_int_bits:
                raise _too_large("整数", "integer", bits, limits.max_int_bits)
        if operator == "*":
            if isinstance(left, int) and isinstance(right, int):
                bits = abs(left).bit_length() + abs(right).bit_length()
                if bits > limits.max_int_bits:
                    raise _too_large("整数", "integer", bits, limits.max_int_bits)
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str) and isinstance(times, int):
                    self.check_string_size(len(sequence) * times)
                if isinstance(sequence, (list, tuple)) and isinstance(times, int):
                    self.check_list_size(len(sequence) * times)
        if operator == "+" and isinstance(left, str) and isinstance(right, str):
            self.check_string_size(len(left) + len(right))
        if operator == "+" and isinstance(left, (list, tuple)) and type(left) is type(right):
            self.check_list_size(len(left) + len(right))

    def check_string_size(self, size: int) -> None:
        if size > self.limits.max_output:
            raise _too_large("字符串", "string", size, self.limits.max_output)

    def check_list_size(self, size: int) -> None:
        if size > self.limits.max_items:
            raise _too_large("列表", "list", size, self.limits.max_items)

    def text(self, value: Any) -> str:
        """``str(value)``, refused before it is built when longer than the output limit."""
        return self.join_text((value,))

    def join_text(self, values: Any, separator: str = "") -> str:
        """Join the texts of ``values``, refused before the total would pass the output limit."""
        limit = self.limits.max_output
        total = 0
        pieces = []
        for value in values:
            if pieces:
                total += len(separator)
            total += (len(value) if isinstance(value, str)
                      else _estimated_text_length(value, limit - total))
            if total > limit:
                raise _too_large("文本", "text", total, limit)
            pieces.append(value if isinstance(value, str) else str(value))
        return separator.join(pieces)

    def _bounded_concat(self, chunks: Any) -> str:
        _check_deadline()
        return self.join_text(chunks)

    def _printable(self, value: Any) -> Any:
        """``finalize`` hook: what ``{{ value }}`` prints must fit the output before it is built."""
        if isinstance(value, (list, tuple, set, frozenset, Mapping, Namespace)):
            return self.text(value)
        return value

    def _capped_range(self, *args: int) -> range:
        items = range(*args)
        if len(items) > self.limits.max_range:
            raise _LimitExceeded(
                f"range 最多 {self.limits.max_range} 项，这里有 {len(items)} 项"
                f"（range is limited to {self.limits.max_range} items, got {len(items)}）")
        return items


def _refused_filter(name: str, zh: str, en: str):
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise _refuse(f"文档模板中不能使用过滤器 {name}（{zh}）",
                      f"the {name!r} filter ({en}) is refused in document templates")
    return refused


def _guarded_builtin_filters(env: DocumentSandbox) -> dict[str, Any]:
    """Jinja's filters that take a width or a count, with the result's size checked first."""
    builtin = dict(env.filters)
    limits = env.limits

    def center(value: Any, width: int = 80) -> str:
        env.check_string_size(int(width))
        return builtin["center"](value, width)

    def indent(value: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        text = env.text(value)
        prefix = width if isinstance(width, str) else " " * min(int(width), limits.max_output + 1)
        env.check_string_size(len(text) + len(prefix) * (text.count("\n") + 1))
        return builtin["indent"](text, width, first, blank)

    @pass_environment
    def wordwrap(environment: Any, value: Any, width: int = 79, break_long_words: bool = True,
                 wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
        text = env.text(value)
        separator = environment.newline_sequence if wrapstring is None else wrapstring
        env.check_string_size(len(text) * (len(separator) + 1))
        return builtin["wordwrap"](environment, text, width, break_long_words, wrapstring,
                                   break_on_hyphens)

    def replace(value: Any, old: Any, new: Any, count: int | None = None) -> str:
        text, old, new = env.text(value), str(old), str(new)
        hits = len(text) + 1 if old == "" else text.count(old)
        if count is not None and count >= 0:
            hits = min(hits, count)
        env.check_string_size(len(text) + hits * max(len(new) - len(old), 0))
        return text.replace(old, new, -1 if count is None else count)

    @pass_eval_context
    def join(eval_ctx: Any, value: Any, d: str = "", attribute: str | int | None = None) -> str:
        items = value
        if attribute is not None:
            items = map(make_attrgetter(eval_ctx.environment, attribute), value)
        return env.join_text(items, str(d))

    def batch(value: Any, linecount: int, fill_with: Any = None):
        env.check_list_size(int(linecount))
        return builtin["batch"](value, linecount, fill_with)

    @pass_environment
    def sum_(environment: Any, iterable: Any, attribute: str | int | None = None,
             start: Any = 0) -> Any:
        if not isinstance(start, numbers.Number):
            raise _refuse("sum 只能对数值求和", "sum adds numbers only")
        return builtin["sum"](environment, iterable, attribute, start)

    def string(value: Any) -> str:
        return env.text(value)

    return {"center": center, "indent": indent, "wordwrap": wordwrap, "replace": replace,
            "join": join, "batch": batch, "sum": sum_, "string": string}


def make_environment(records_root: Path | None, *,
                     limits: RenderLimits = RenderLimits()) -> DocumentSandbox:
    """The environment for one records repository: its ``templates/`` first, then the built-ins.

    Output is Markdown, so nothing is HTML-escaped; block tags swallow their own line so templates
    can be laid out readably; undefined variables are errors, never blanks in a filed document.
    """
    return DocumentSandbox(
        loader=_ConfinedLoader([str(path) for path in _search_path(records_root)],
                               repository_templates_problem(records_root)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        limits=limits,
    )


# --------------------------------------------------------------------------- rendering


@contextlib.contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Arm the deadline (always) and a SIGALRM timer (main thread, POSIX); undo both on exit.

    The nesting matters: if the alarm fires while the timer is being disarmed, the outer
    ``finally`` still puts the previous handler back.
    """
    token = _DEADLINE.set(time.monotonic() + seconds)
    use_alarm = (hasattr(signal, "setitimer")
                 and threading.current_thread() is threading.main_thread())
    try:
        if not use_alarm:
            yield
            return

        def on_alarm(signum: int, frame: Any) -> None:
            raise _RenderTimeout()

        previous_handler = signal.signal(signal.SIGALRM, on_alarm)
        started = time.monotonic()
        try:
            previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                yield
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_delay:
                # Someone else's timer was running (a test runner's, say): give back what is left.
                remaining = max(previous_delay - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)
    finally:
        _DEADLINE.reset(token)


def _template_location(error: BaseException, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame of Jinja's rewritten traceback: (file, line)."""
    if isinstance(error, TemplateSyntaxError):
        return error.filename or error.name or fallback, error.lineno
    path, line = fallback, None
    tb = error.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        if "__jinja_exception__" in frame_globals:
            path, line = frame_globals.get("__file__") or fallback, tb.tb_lineno
        tb = tb.tb_next
    return path, line


def _describe(error: BaseException, limits: RenderLimits) -> str:
    """A clear bilingual sentence for each way a render can fail."""
    if isinstance(error, _RenderTimeout):
        return (f"模板渲染超过 {limits.seconds:g} 秒，已中止"
                f"（rendering exceeded {limits.seconds:g} s and was stopped）")
    if isinstance(error, SecurityError):
        return f"模板被沙箱拒绝：{error}"
    if isinstance(error, TemplateNotFound):
        return (f"找不到模板「{error.name}」：只能使用模板目录中的模板"
                f"（template {error.name!r} not found in the template directories）")
    if isinstance(error, TemplateSyntaxError):
        return f"模板语法错误：{error.message}（template syntax error）"
    if isinstance(error, UndefinedError):
        return f"未定义的变量或属性：{error.message}（undefined variable or attribute）"
    if isinstance(error, RecursionError):
        return "模板递归过深（template recursion too deep）"
    if isinstance(error, MemoryError):
        return "模板渲染占用内存过多（template rendering ran out of memory）"
    detail = str(error) or type(error).__name__
    return f"模板渲染出错（template error）：{detail}"


def _run(env: DocumentSandbox, load: Any, name: str, context: Mapping[str, Any]) -> str:
    """Load and render under the time budget, counting output as it is generated."""
    limits = env.limits
    template = None
    try:
        with _time_budget(limits.seconds):   # compiling too: a 6 MB template once took 35 s to compile
            template = load()
            chunks: list[str] = []
            size = 0
            for chunk in template.generate(dict(context)):
                size += len(chunk)
                if size > limits.max_output:
                    raise _too_large("输出", "output", size, limits.max_output)
                chunks.append(chunk)
                _check_deadline()
            return "".join(chunks)
    except TemplateFailure:
        raise
    except Exception as error:  # includes RecursionError and MemoryError
        # when the failure lands inside Jinja's runtime rather than the template's code, the file is
        # still the template being rendered
        located = env.loader.locate(name) if isinstance(env.loader, _ConfinedLoader) else name
        path, line = _template_location(error, getattr(template, "filename", None) or located)
        raise TemplateFailure(path, line, _describe(error, limits)) from None


def render_template(env: DocumentSandbox, name: str, context: Mapping[str, Any]) -> str:
    """Render the template ``name`` (repository override or built-in) with ``context``.

    Raises :class:`TemplateFailure` for every kind of failure; nothing else escapes. The finished
    text has every private value masked (:func:`zhidu_cli.privacy.redact`): the repository's
    own, carried by a :class:`~zhidu_cli.render.documents.DocumentContext`, and anything shaped like a
    mobile or ID number — so whatever the template and whatever the output format made from this
    text, no such value gets through.
    """
    return redact(_run(env, lambda: env.get_template(name), name, context), getattr(context, "secrets", NO_SECRETS))


def render_string(env: DocumentSandbox, source: str, context: Mapping[str, Any],
                  name: str = "<string>") -> str:
    """Render template text directly; ``name`` is what failures report as the file."""

    def load() -> jinja2.Template:
        code = env.compile(source, name=name, filename=name)
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    return redact(_run(env, load, name, context), getattr(context, "secrets", NO_SECRETS))


__all__ = [
    "DocumentSandbox",
    "RenderLimits",
    "TemplateFailure",
    "TemplateOrigin",
    "TemplateSource",
    "builtin_template_dir",
    "list_templates",
    "make_environment",
    "render_string",
    "render_template",
]
