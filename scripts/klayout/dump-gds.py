# Prints what KLayout reads from a GDSII file, as one JSON object: the database unit,
# the top cell, every cell, the top cell's instances, and every shape and text of the
# whole hierarchy in the top cell's coordinates (database units).
# Run: klayout -b -r scripts/klayout/dump-gds.py -rd gds=FILE.gds
import json

import pya

layout = pya.Layout()
layout.read(gds)  # noqa: F821 (set by klayout -rd)
tops = layout.top_cells()
if len(tops) != 1:
    raise RuntimeError("expected one top cell, found %d" % len(tops))
top = tops[0]

instances = []
for inst in top.each_inst():
    t = inst.cplx_trans
    instances.append(
        {
            "cell": inst.cell.name,
            "angle": t.angle,
            "mirror": t.is_mirror(),
            "mag": t.mag,
            "x": inst.trans.disp.x,
            "y": inst.trans.disp.y,
        }
    )

shapes = []
texts = []
for index in layout.layer_indexes():
    info = layout.get_info(index)
    it = top.begin_shapes_rec(index)
    while not it.at_end():
        shape = it.shape()
        trans = it.trans()
        if shape.is_text():
            text = shape.text.transformed(trans)
            texts.append(
                {
                    "layer": info.layer,
                    "datatype": info.datatype,
                    "string": text.string,
                    "x": text.x,
                    "y": text.y,
                    "size": text.size,
                    "halign": str(text.halign),
                    "valign": str(text.valign),
                }
            )
        else:
            polygon = shape.polygon.transformed(trans)
            box = polygon.bbox()
            shapes.append(
                {
                    "layer": info.layer,
                    "datatype": info.datatype,
                    "box": [box.left, box.bottom, box.right, box.top],
                    "rectangle": polygon.is_box(),
                }
            )
        it.next()

print(
    json.dumps(
        {
            "dbu": layout.dbu,
            "top": top.name,
            "cells": sorted(c.name for c in layout.each_cell()),
            "instances": instances,
            "shapes": shapes,
            "texts": texts,
        }
    )
)
