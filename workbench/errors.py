"""Named exceptions a caller may want to handle; each message says how to fix the problem."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base class of every error the workbench raises on purpose."""


class SchemaError(WorkbenchError, ValueError):
    """A table lacks contract columns, or a table name is unknown."""


class LoadError(WorkbenchError, ValueError):
    """An input could not be read as articles (missing path, nothing loadable, strict mode)."""


class CodebookError(WorkbenchError, ValueError):
    """A codebook file is malformed, or a tag is not in the codebook in use."""


class StoreError(WorkbenchError, RuntimeError):
    """The tag store cannot be opened or changed (schema version, nothing to undo...)."""


class FilterError(WorkbenchError, ValueError):
    """A filter names an article, actor or tag the corpus or codebook does not have."""


class QueryError(FilterError):
    """A search query cannot be read (an unclosed quote, a lone OR, an empty exclusion, a bad RE2 pattern)."""


class WidgetError(WorkbenchError, ValueError):
    """A tagging view was asked for something it cannot show (a position or filter value that does not exist)."""


class ActorDictionaryError(WorkbenchError, ValueError):
    """An analyst's actor dictionary is malformed."""


class ChartError(WorkbenchError, ValueError):
    """A chart was asked for with an option it does not have (a period, a count below one)."""


class ExportError(WorkbenchError, RuntimeError):
    """An export would overwrite a file, or cannot be written."""


class MissingExtraError(WorkbenchError, ImportError):
    """An optional dependency is not installed; the message names the install command."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the optional package {package!r}. Install it with: pip install 'workbench[{extra}]'"
        )


class NerError(WorkbenchError, ValueError):
    """The name finder chosen with ``ner=`` cannot be used; the message says what to pass instead."""


class EvaluationError(WorkbenchError, ValueError):
    """A gold annotation of the evaluation set is malformed or does not fit its article."""


class NotEnoughTagsError(WorkbenchError, ValueError):
    """Too few tagged sentences to learn suggestions from; the message says how many more are needed."""


class WorkbenchWarning(UserWarning):
    """Base class of the warnings the workbench gives about data it loaded but had to interpret."""


class AmbiguousDateWarning(WorkbenchWarning):
    """Dates such as 03/04/2024 could be read day first or month first and no ``dayfirst=`` was given."""


class DuplicateIdWarning(WorkbenchWarning):
    """Articles with the same explicit id and different text were all kept, the later ones under new ids."""
