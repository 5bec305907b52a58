"""Documents as A4 PDF files, printed from the same page ``--to html`` gives.

The PDF is the printable HTML page (:mod:`zhidu_cli.render.html`: A4 ``@page``, margins, the
Chinese font stack, the print rules that keep the signature block with the text) laid out by
WeasyPrint, which embeds the fonts it uses — so the file shows the same Chinese text on any
machine. WeasyPrint is an optional extra (``pip install 'zhidu-cli[pdf]'``) that also needs Pango
and a Chinese font from the system; when any of it is missing the user is told exactly what to
install, never shown a traceback.

Nothing is fetched while printing: the page references no external file, and a URL that the
records or a template put into the Markdown (an image, a link target) is refused by the fetcher
rather than read from the disk or the network.
"""

from __future__ import annotations

import shutil
import subprocess

EXTRA = "pip install 'zhidu-cli[pdf]'"
SYSTEM_PACKAGES = {
    "Debian/Ubuntu": "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk",
    "Fedora": "dnf install pango google-noto-serif-cjk-fonts",
    "macOS": "brew install pango",
}


class PdfUnavailable(Exception):
    """PDF output cannot be made on this machine; the message says what to install."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _install_hint() -> tuple[str, str]:
    systems = "；".join(f"{name}: {command}" for name, command in SYSTEM_PACKAGES.items())
    systems_en = "; ".join(f"{name}: {command}" for name, command in SYSTEM_PACKAGES.items())
    return (f"请安装 PDF 扩展：{EXTRA}，以及系统的 Pango 库和中文字体（{systems}；Windows 见 WeasyPrint 安装说明）",
            f"install the PDF extra: {EXTRA}, and Pango and a Chinese font from the system ({systems_en}; "
            "Windows: see WeasyPrint's installation guide)")


def _weasyprint():
    try:
        import weasyprint
    except ImportError:
        zh, en = _install_hint()
        raise PdfUnavailable("生成 PDF 需要 WeasyPrint，但未安装。" + zh, "PDF output needs WeasyPrint, which is "
                             "not installed: " + en) from None
    except OSError as error:        # WeasyPrint is there but cannot load Pango (a missing system library)
        zh, en = _install_hint()
        raise PdfUnavailable(f"WeasyPrint 无法加载系统库（{error}）。" + zh,
                             f"WeasyPrint cannot load a system library ({error}): " + en) from None
    return weasyprint


def chinese_font_missing() -> bool:
    """True when fontconfig is present and knows no font for Chinese (the PDF would show boxes)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return False                 # no fontconfig to ask (macOS, Windows): the system fonts will do
    try:
        found = subprocess.run([tool, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return not found.strip()


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"zhidu does not fetch {url!r} while printing")


def _no_fetching(weasyprint) -> object:
    """A URL fetcher that fetches nothing: a ``URLFetcher`` subclass where WeasyPrint has the class
    (version 66 on), else the plain function older versions take. WeasyPrint catches the refusal
    and leaves the image out."""
    fetcher_class = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if fetcher_class is None:
        return _refuse_fetch

    class NoFetching(fetcher_class):
        def fetch(self, url, *args, **kwargs):
            return _refuse_fetch(url)

    return NoFetching()


def html_to_pdf(page: str, title: str = "") -> bytes:
    """The PDF of a complete HTML page, or :class:`PdfUnavailable` saying what to install."""
    weasyprint = _weasyprint()
    if chinese_font_missing():
        zh, en = _install_hint()
        raise PdfUnavailable("系统中没有中文字体，PDF 中的汉字将无法显示。" + zh,
                             "no Chinese font is installed: the PDF would show boxes instead of Chinese text. " + en)
    document = weasyprint.HTML(string=page, url_fetcher=_no_fetching(weasyprint), base_url=None)
    return document.write_pdf()


__all__ = ["EXTRA", "PdfUnavailable", "SYSTEM_PACKAGES", "chinese_font_missing", "html_to_pdf"]
