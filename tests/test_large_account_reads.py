"""An account's interactions unpacked a chunk at a time, each repeated text held once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.store import base
from kamgraph.store.base import FIELD_SEPARATOR as SEP
from kamgraph.store.base import unpack_interactions

ids = st.text("abcé-0", min_size=1, max_size=3)
rows = st.lists(st.tuples(ids, st.sampled_from(["", "2026-01-02", "2026-03-04"]), st.sampled_from(["", "call", "meeting"]),
                          st.lists(ids, max_size=4), st.booleans()), max_size=12)


def _packed(drawn) -> tuple[list[str], dict]:
    packed, expected = [], {"id": [], "date": [], "kind": [], "size": [], "participants": []}
    for n, (ident, date, kind, people, trailing) in enumerate(drawn):
        ident = f"{ident}{n}"
        fields = [ident, date, kind, *people] if people or not trailing else [ident, date, kind, ""]
        packed.append(SEP.join(fields))
        expected["id"].append(ident)
        expected["date"].append(date or None)
        expected["kind"].append(kind or None)
        expected["size"].append(len(people))
        expected["participants"] += people
    return packed, expected


@settings(max_examples=100, deadline=None)
@given(rows, st.integers(1, 5))
def test_unpacking_in_chunks_gives_the_columns_of_the_whole(drawn, chunk):
    packed, expected = _packed(drawn)
    saved = base.UNPACK_CHUNK
    base.UNPACK_CHUNK = chunk
    try:
        found = unpack_interactions(packed)
    finally:
        base.UNPACK_CHUNK = saved
    assert found == expected


def test_a_participant_named_many_times_is_one_text():
    packed = [SEP.join([f"i{n}", "2026-01-02", "call", "OUR-01", f"C-{n % 3}"]) for n in range(1000)]
    columns = unpack_interactions(packed)
    assert len({id(p) for p in columns["participants"]}) == 4
    assert len({id(d) for d in columns["date"]}) == 1
