"""tanto_analysis: reproducible analysis of 潭头镇's rural-revitalisation progress reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tanto_analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
