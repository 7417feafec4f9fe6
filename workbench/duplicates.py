"""Near-duplicate articles: groups of copies of one story, found by MinHash over word shingles.

Wire copy and republished articles inflate every count. Each article's text becomes a set of
word shingles (``shingle`` words in a row, lower case, punctuation ignored); MinHash signatures
and locality-sensitive hashing (``datasketch``, in the ``dedupe`` extra) find the pairs whose
estimated Jaccard similarity is at least ``threshold``, and linked pairs form groups. The
canonical member of a group is its earliest article (table order breaks ties and stands in for
missing dates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.analysis import arrow_strings
from workbench.errors import FilterError, MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Iterator

DEFAULT_THRESHOLD = 0.5
"""Estimated Jaccard similarity of word shingles from which two articles count as copies of one story.

A copy trimmed or extended by a third of its length, with a byline added and a new headline, stays
above it; different articles on the same event written from the same wire phrases stay far below.
"""
DUPLICATE_COLUMNS = ["article_id", "duplicate_group", "canonical", "similarity"]
"""Columns of :func:`duplicate_groups`."""


class MinHashSettings(NamedTuple):
    """How article texts become MinHash signatures.

    Attributes
    ----------
    shingle
        Words in a row that make one shingle (5: a sentence rarely repeats five words by chance).
    num_perm
        Hash functions per signature: more gives a closer estimate of the similarity, at the cost of time.
    seed
        Seed of the hash functions, so the same articles always give the same groups.
    batch
        Articles tokenised at once (bounds the memory of the word arrays).
    """

    shingle: int = 5
    num_perm: int = 128
    seed: int = 1
    batch: int = 5000


MINHASH = MinHashSettings()
"""The default :class:`MinHashSettings`."""


def duplicate_groups(
    articles: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD, settings: MinHashSettings = MINHASH
) -> pd.DataFrame:
    """Group near-identical articles (syndicated wire copy, republished stories) and name each group's canonical one.

    Parameters
    ----------
    articles : pandas.DataFrame
        The ``articles`` table (``article_id``, ``published``, ``text``).
    threshold : float
        Estimated Jaccard similarity of the word shingles from which two articles are linked;
        linked articles form a group (a copy of a copy joins its original's group).
    settings : MinHashSettings
        Shingle size, signature size and seed.

    Returns
    -------
    pandas.DataFrame
        One row per article, in the table's order: ``article_id``; ``duplicate_group``, the
        ``article_id`` of the group's canonical member (the earliest published; table order breaks
        ties, and undated articles come last), an article without copies being its own group;
        ``canonical`` (bool); ``similarity``, the estimated similarity to the canonical member.

    Raises
    ------
    FilterError
        When ``threshold`` is not between 0 and 1.
    MissingExtraError
        When ``datasketch`` is not installed (``pip install 'workbench[dedupe]'``).
    """
    if not 0 < threshold <= 1:
        raise FilterError(f"threshold must be above 0 and at most 1 (a Jaccard similarity), got {threshold}.")
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        raise MissingExtraError("datasketch", "dedupe", "Finding near-duplicate articles") from None
    template = MinHash(num_perm=settings.num_perm, seed=settings.seed)
    signatures = [
        _signature(MinHash, template, shingles)
        for shingles in _shingle_hashes(articles["text"], settings.shingle, settings.batch)
    ]
    lsh = MinHashLSH(threshold=threshold, num_perm=settings.num_perm)
    with lsh.insertion_session() as session:
        for key, signature in enumerate(signatures):
            if signature is not None:
                session.insert(key, signature, check_duplication=False)
    pairs = [
        (key, other)
        for key, signature in enumerate(signatures)
        if signature is not None
        for other in lsh.query(signature)
        if other > key and signature.jaccard(signatures[other]) >= threshold
    ]
    rank = _earliest_first(articles)
    group = _components(len(articles), np.array(pairs, dtype=np.int64).reshape(-1, 2), rank)
    ids = articles["article_id"].astype("string").to_numpy()
    similarity = [
        1.0 if member == head or signatures[member] is None else signatures[member].jaccard(signatures[head])
        for member, head in enumerate(group)
    ]
    return pd.DataFrame(
        {
            "article_id": pd.array(ids, dtype="string"),
            "duplicate_group": pd.array(ids[group], dtype="string"),
            "canonical": group == np.arange(len(articles)),
            "similarity": np.asarray(similarity, dtype=float),
        },
        columns=DUPLICATE_COLUMNS,
    )


def _shingle_hashes(texts: pd.Series, size: int, batch: int) -> Iterator[np.ndarray]:
    """Yield, per text, the 32-bit hashes of its shingles: ``size`` lower-case words in a row.

    Words are runs of letters and digits; each word is hashed once (pandas' stable SipHash) and a
    shingle's hash combines its words' hashes, all in NumPy. A text shorter than ``size`` words is
    one shingle; a text without words gives an empty array.
    """
    for begin in range(0, len(texts), batch):
        chunk = arrow_strings(texts.iloc[begin : begin + batch])
        words = pc.split_pattern_regex(pc.utf8_lower(chunk), r"[^\p{L}\p{N}]+")
        flat = words.flatten()
        owner = pc.list_parent_indices(words).to_numpy()
        keep = pc.binary_length(flat).to_numpy() > 0
        owner = owner[keep]
        hashes = pd.util.hash_array(flat.filter(pa.array(keep)).to_numpy(zero_copy_only=False))
        bounds = np.searchsorted(owner, np.arange(len(chunk) + 1))
        counts = np.diff(bounds)
        width = np.minimum(counts, size)[owner]  # a short text is one shingle of all its words
        combined = hashes.copy()
        for offset in range(1, size):
            ahead = np.minimum(np.arange(len(hashes)) + offset, len(hashes) - 1)
            same = (owner[ahead] == owner) & (offset < width)
            combined = np.where(same, combined * np.uint64(0x100000001B3) + hashes[ahead], combined)
        position = np.arange(len(hashes)) - bounds[owner]
        valid = position <= counts[owner] - width
        starts = np.searchsorted(owner[valid], np.arange(len(chunk) + 1))
        shingles = (combined[valid] >> np.uint64(32)).astype(np.uint32)
        yield from np.split(shingles, starts[1:-1])


def _signature(minhash: type, template: object, shingles: np.ndarray) -> object | None:
    """Return the MinHash of one text's shingle hashes (``None`` for a text without words)."""
    if len(shingles) == 0:
        return None
    signature = minhash(
        num_perm=len(template.permutations[0]),
        seed=template.seed,
        hashfunc=int,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    signature.update_batch(shingles)
    return signature


def _earliest_first(articles: pd.DataFrame) -> np.ndarray:
    """Return each article's rank by publication date (undated last), table order breaking ties."""
    published = articles["published"].to_numpy(dtype="datetime64[ns]")
    undated = np.isnat(published)
    order = np.lexsort((np.arange(len(articles)), np.where(undated, 0, published.view(np.int64)), undated))
    rank = np.empty(len(articles), dtype=np.int64)
    rank[order] = np.arange(len(articles))
    return rank


def _components(count: int, pairs: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Return, for each of ``count`` items linked by ``pairs``, its group's member of lowest ``rank``.

    Label propagation: every item starts with its own rank and takes the lowest rank among its
    links until nothing changes; the lowest rank names the group's earliest member.
    """
    label = rank.copy()
    left, right = pairs[:, 0], pairs[:, 1]
    while True:
        lowest = np.minimum(label[left], label[right])
        updated = label.copy()
        np.minimum.at(updated, left, lowest)
        np.minimum.at(updated, right, lowest)
        if np.array_equal(updated, label):
            break
        label = updated
    by_rank = np.empty(count, dtype=np.int64)
    by_rank[rank] = np.arange(count)
    return by_rank[label]
