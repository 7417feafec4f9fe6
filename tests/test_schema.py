"""The table contract: conform and from_rows give every table its columns and dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench import schema
from workbench.errors import SchemaError

ROWS = {
    "sentences": (
        ["sentence_id", "article_id", "paragraph", "position", "text", "start", "end"],
        [("a1-x", "a1", 0, 0, "Talks resumed.", 0, 14), ("a1-y", "a1", 0, 1, "Iran may respond.", 15, 32)],
    ),
    "claims": (
        ["claim_id", "article_id", "sentence_id", "source", "cue", "content", "hedged", "source_start"],
        [("a1-x-c10", "a1", "a1-x", "Officials", "said", "talks resumed", False, 0)],
    ),
    "mentions": (
        ["article_id", "sentence_id", "actor", "actor_type", "surface", "start", "end", "code"],
        [
            ("a1", "a1-y", "Iran", "country", "Iran", 15, 19, "IRN"),
            ("a1", "a1-y", "Mendes", "person", "Mendes", 20, 26, ""),
        ],
    ),
    "articles": (
        ["article_id", "text", "published"],
        [("a1", "Talks resumed.", "2024-03-01"), ("a2", "Iran may respond.", None)],
    ),
}


@pytest.mark.parametrize("table", list(ROWS))
def test_from_rows_builds_the_same_table_as_conform(table):
    names, rows = ROWS[table]
    expected = schema.conform(pd.DataFrame(rows, columns=names), table)
    pd.testing.assert_frame_equal(schema.from_rows(rows, names, table), expected)


@pytest.mark.parametrize("table", list(ROWS))
def test_from_rows_of_no_rows_is_the_empty_table(table):
    names, _ = ROWS[table]
    built = schema.from_rows([], names, table)
    assert built.empty
    assert list(built.columns[: len(schema.TABLES[table])]) == list(schema.TABLES[table])
    assert built.dtypes[list(schema.TABLES[table])].astype(str).tolist() == list(schema.TABLES[table].values())


@pytest.mark.parametrize(
    ("table", "column", "values", "dtype"),
    [
        ("claims", "source", pd.Series(["Officials", None]), "string"),  # pandas' default "str" is not "string"
        ("claims", "source_start", pd.Series([1, None]), "Int64"),
        ("sentences", "start", pd.Series([1, 2]), "int64"),
        ("claims", "hedged", pd.Series([True, None], dtype=object), "bool"),
        ("articles", "published", pd.Series(["2024-03-01", "not a date"]), "datetime64[ns]"),
    ],
)
def test_conform_casts_every_contract_column_to_its_dtype(table, column, values, dtype):
    conformed = schema.conform(pd.DataFrame({column: values}), table)
    assert str(conformed[column].dtype) == dtype


def test_conform_is_idempotent_and_keeps_extra_columns_last():
    names, rows = ROWS["mentions"]
    once = schema.conform(pd.DataFrame(rows, columns=names), "mentions")
    pd.testing.assert_frame_equal(schema.conform(once, "mentions"), once)
    assert list(once.columns) == list(schema.TABLES["mentions"])


def test_an_unknown_table_names_the_known_ones():
    with pytest.raises(SchemaError, match=r"Unknown table 'sentence'.*sentences"):
        schema.from_rows([], ["text"], "sentence")
