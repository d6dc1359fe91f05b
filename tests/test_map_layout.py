"""The org chart's row wrapping: the width is chosen from level sizes alone, as the rows would come out."""

from __future__ import annotations

import random

from kamgraph.render.map_layout import _pack, _shape


def test_the_shape_of_the_rows_is_what_packing_them_makes_for_every_width():
    rng = random.Random(13)
    for _ in range(120):
        # a mix of deep chains of one or two managers and wide levels, as real charts have
        sizes = [rng.choice([1, 1, 2, 3, rng.randint(1, 60), rng.randint(50, 200)]) for _ in range(rng.randint(1, 9))]
        levels = [[f"p{i}-{j}" for j in range(size)] for i, size in enumerate(sizes)]
        for columns in range(1, max(sizes) + 2):
            rows = _pack(levels, columns)
            expected = (len(rows), sum(new for _, new in rows), max(len(r) for r, _ in rows))
            assert _shape(sizes, columns) == expected, (sizes, columns)
