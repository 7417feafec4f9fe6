"""Running the pipeline on an evaluation folder, scoring it, and formatting the figures as text."""

from __future__ import annotations

import pathlib

import click
import pandas as pd

from workbench.errors import EvaluationError
from workbench.evaluate.gold import DEFAULT_FOLDER, locate, read_gold
from workbench.evaluate.scoring import ALL, TARGETS, match_actors, match_claims, match_sentences, meets_targets, score


def predict(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Run the pipeline on each gold article with ``workbench.load_text``; return what matching needs.

    Returns
    -------
    dict of pandas.DataFrame
        ``texts`` (``article``, cleaned ``text``), ``sentences`` (``article``, ``text``),
        ``actors`` (``article``, ``actor``) and ``claims`` (``article``, ``start``, ``end``,
        ``source``, ``source_actor``, ``cue``).
    """
    from workbench.loading import load_text

    corpora = [load_text(row.text, title=row.title, id=row.article) for row in articles.itertuples()]
    tables = {
        name: pd.concat([getattr(corpus, name) for corpus in corpora], ignore_index=True)
        for name in ("articles", "sentences", "mentions", "claims")
    }
    sentences = tables["sentences"].rename(columns={"article_id": "article"})
    claims = tables["claims"].rename(columns={"article_id": "article"})
    claims = claims.merge(sentences[["sentence_id", "start", "end"]], on="sentence_id", how="left")
    has_cue = claims["cue_start"].notna()
    claims["start"] = claims["cue_start"].where(has_cue, claims["start"]).astype("int64")
    claims["end"] = claims["cue_end"].where(has_cue, claims["end"]).astype("int64")
    return {
        "texts": tables["articles"].rename(columns={"article_id": "article"})[["article", "text"]],
        "sentences": sentences[["article", "text"]],
        "actors": tables["mentions"].rename(columns={"article_id": "article"})[["article", "actor"]],
        "claims": claims[["article", "start", "end", "source", "source_actor", "cue"]],
    }


def evaluate(folder: str | pathlib.Path = DEFAULT_FOLDER) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the pipeline on an evaluation folder and score it.

    Returns
    -------
    scores, outcomes
        :func:`score` tables and ``match_*`` outcomes of the three tasks, stacked with a
        leading ``task`` column (``sentences``, ``actors``, ``claims``).
    """
    gold = read_gold(folder)
    predicted = predict(gold["articles"])
    texts = dict(zip(predicted["texts"]["article"], predicted["texts"]["text"], strict=True))
    spans = {
        article: locate(texts[article], list(group["text"]))
        for article, group in gold["sentences"].groupby("article", sort=False)
    }
    claims = gold["claims"].assign(
        start=[spans[a][i][0] for a, i in zip(gold["claims"]["article"], gold["claims"]["sentence"], strict=True)],
        end=[spans[a][i][1] for a, i in zip(gold["claims"]["article"], gold["claims"]["sentence"], strict=True)],
    )
    outcomes = {
        "sentences": match_sentences(predicted["sentences"], gold["sentences"]),
        "actors": match_actors(predicted["actors"], gold["actors"]),
        "claims": match_claims(predicted["claims"], claims),
    }
    scores = pd.concat([score(frame).assign(task=task) for task, frame in outcomes.items()], ignore_index=True)
    stacked = pd.concat([frame.assign(task=task) for task, frame in outcomes.items()], ignore_index=True)
    return _task_first(scores), _task_first(stacked)


def _task_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["task", *(column for column in frame.columns if column != "task")]]


def report(scores: pd.DataFrame, outcomes: pd.DataFrame, *, verbose: bool = False) -> str:
    """Format the scores as text: overall per task against the targets, per article, and the errors."""
    overall = scores[scores["article"] == ALL].drop(columns="article").set_index("task")
    overall["meets target"] = meets_targets(overall)
    per_article = scores[scores["article"] != ALL].pivot(
        index="article", columns="task", values=["precision", "recall"]
    )
    per_article = per_article.swaplevel(axis=1)[[(t, m) for t in TARGETS for m in ("precision", "recall")]]
    parts = [
        "Overall (micro-averaged over articles)",
        overall.to_string(float_format="{:.3f}".format),
        "",
        "Per article",
        per_article.to_string(float_format="{:.2f}".format),
    ]
    if verbose:
        errors = outcomes[outcomes["outcome"].isin(["miss", "false positive"])]
        for (task, article), group in errors.groupby(["task", "article"], sort=False):
            parts += ["", f"{task} / {article}"]
            parts += [
                f"  {outcome:<14} {gold if outcome == 'miss' else predicted}"
                for outcome, gold, predicted in zip(group["outcome"], group["gold"], group["predicted"], strict=True)
            ]
    return "\n".join(parts)


@click.command(name="python -m workbench.evaluate")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=pathlib.Path))
@click.option("--verbose", "-v", is_flag=True, help="Also list every miss and false positive.")
def main(folder: pathlib.Path | None, verbose: bool) -> None:
    """Print precision, recall and F1 of sentences, actors and claims on FOLDER.

    FOLDER holds NAME.txt articles with NAME.gold.yaml annotations; by default the project's
    tests/data/eval.

    Example:

        python -m workbench.evaluate tests/data/eval --verbose
    """
    try:
        scores, outcomes = evaluate(folder or DEFAULT_FOLDER)
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report(scores, outcomes, verbose=verbose))
