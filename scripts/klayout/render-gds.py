# Renders a Spinplan GDSII floorplan to PNG with KLayout in batch mode (no display needed):
# each layer of the table in LAYERS (a JSON file: name, label, layer, datatype, color) drawn
# in its colour, the hierarchy expanded, and a legend of the layers beside the die.
# The legend is drawn into the layout in memory only; the GDSII file is not changed.
# Run: klayout -b -r scripts/klayout/render-gds.py -rd gds=IN.gds -rd png=OUT.png -rd layers=LAYERS.json
#      [-rd width=1200] [-rd height=1000] [-rd box=x0,y0,x1,y1 (micrometres: a detail view, no legend)]
import json
import math

import pya

params = globals()
layers = json.load(open(params["layers"]))
width = int(params.get("width", "1200"))
height = int(params.get("height", "1000"))
box = params.get("box")

view = pya.LayoutView()
view.set_config("background-color", "#ffffff")
view.set_config("grid-visible", "false")
view.set_config("text-font", "2")  # the stick font, which scales with each text's size
view.set_config("apply-text-trans", "true")
view.set_config("text-color", "#000000")
view.set_config("text-lazy-rendering", "false")
index = view.load_layout(params["gds"], True)
view.clear_layers()
layout = view.cellview(index).layout()
top = layout.top_cell()
die = top.bbox()

HOLLOW = 1
SOLID = 0
for entry in layers:
    node = pya.LayerPropertiesNode()
    node.source = "%d/%d" % (entry["layer"], entry["datatype"])
    node.name = "%s %d/%d" % (entry["name"], entry["layer"], entry["datatype"])
    color = 0xFF000000 | int(entry["color"][1:], 16)  # opaque: KLayout colours are ARGB
    node.frame_color = color
    node.fill_color = color
    outline = entry["name"] in ("DIE", "ARRAY_BOUNDARY")
    node.dither_pattern = HOLLOW if outline else SOLID
    node.width = 2 if outline else 1
    view.insert_layer(view.end_layers(), node)

if box is None:
    # The legend: a swatch on each layer and its name, right of the die.
    legend_text = layout.layer(255, 0)
    node = pya.LayerPropertiesNode()
    node.source = "255/0"
    node.name = "legend"
    node.fill_color = node.frame_color = 0xFF000000
    node.dither_pattern = SOLID
    view.insert_layer(view.end_layers(), node)
    row = die.height() // 24
    x = die.right + row
    y = die.top - row
    widest = 0
    for entry in layers:
        target = layout.layer(entry["layer"], entry["datatype"])
        if entry["name"] == "ARRAY_NAME":
            sample = pya.Text("name", pya.Trans(pya.Vector(x + row, y - row // 3)))
            sample.size = int(row * 0.5)
            sample.halign = pya.Text.HAlignCenter
            sample.valign = pya.Text.VAlignCenter
            top.shapes(target).insert(sample)
        else:
            top.shapes(target).insert(pya.Box(x, y - int(row * 0.7), x + 2 * row, y))
        text = "%d/%d  %s" % (entry["layer"], entry["datatype"], entry["label"])
        widest = max(widest, len(text))
        label = pya.Text(
            text,
            pya.Trans(pya.Vector(x + int(2.5 * row), y - int(row * 0.35))),
        )
        label.size = int(row * 0.4)
        label.valign = pya.Text.VAlignCenter
        top.shapes(legend_text).insert(label)
        y -= row
    # A scale bar of 1, 2 or 5 times a power of ten micrometres, about a quarter of the die.
    quarter = die.width() * layout.dbu / 4
    power = 10 ** math.floor(math.log10(quarter))
    length_um = max(m * power for m in (1, 2, 5) if m * power <= quarter)
    length = int(round(length_um / layout.dbu))
    y -= row // 2
    top.shapes(legend_text).insert(pya.Box(x, y - row // 8, x + length, y))
    bar = pya.Text("%g um" % length_um, pya.Trans(pya.Vector(x + length + row // 2, y - row // 16)))
    bar.size = int(row * 0.4)
    bar.valign = pya.Text.VAlignCenter
    top.shapes(legend_text).insert(bar)

view.max_hier()
if box is None:
    # Texts have no extent for zoom_fit: frame the die and the legend's widest line (stick font, ~0.9 em a character).
    right = x + 2.5 * row + widest * 0.4 * row * 0.9
    dbu = layout.dbu
    view.zoom_box(pya.DBox((die.left - row) * dbu, (die.bottom - row) * dbu, (right + row) * dbu, (die.top + row) * dbu))
else:
    x0, y0, x1, y1 = (float(v) for v in box.split(","))
    view.zoom_box(pya.DBox(x0, y0, x1, y1))
# Batch mode has no event loop: apply the layer and configuration changes before drawing.
view.update_content()
view.save_image(params["png"], width, height)
