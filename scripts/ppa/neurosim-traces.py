#!/usr/bin/env python3
"""
Synthetic layer traces in the CSV layout DNN+NeuroSim V1.4's C++ estimator reads (one
weight file and one input file per layer, `main NETWORK.csv 8 8 128 128 w1 i1 w2 i2 ...`),
for the cross-check in docs/results/ppa-neurosim.md. Our own generator, from the layout
NeuroSim's manual describes: a weight file has one row per unrolled input (k x k x Cin) and
one column per output channel, values in [-1, 1] on 8-bit steps; an input file has the same
rows and 8 columns per output pixel, the bits of each 8-bit input, "0" or "1".

Inputs are random with a fixed seed: the first layer's codes uniform over 0..255 (image
pixels), the others half zeros (after a ReLU) and the rest uniform over 1..255. The
activity of every layer (mean code, mean squared code, bit density) goes to activity.json,
which scripts/ppa/neurosim-crosscheck.ts gives Spinplan's model, so both see the same inputs.

Usage: python3 scripts/ppa/neurosim-traces.py NETWORK.csv OUTDIR
"""
import json
import os
import sys

import numpy as np


def main(network, out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(12)
    layers = [[int(float(x)) for x in line.split(',')[:8]] for line in open(network) if line.strip()]
    args, activity = [], []
    for i, (ih, iw, cin, kh, kw, cout, _pool, stride) in enumerate(layers):
        rows = kh * kw * cin
        # 'same' convolutions (padding (k-1)/2) as in VGG-8; a 1 x 1 input is a fully connected layer.
        pixels = (ih // stride) * (iw // stride)
        w = np.round(rng.uniform(-1, 1, size=(rows, cout)) * 127) / 128
        codes = rng.integers(0, 256, size=(rows, pixels)) if i == 0 else np.where(
            rng.random((rows, pixels)) < 0.5, 0, rng.integers(1, 256, size=(rows, pixels)))
        bits = ((codes[:, :, None] >> np.arange(7, -1, -1)) & 1).reshape(rows, pixels * 8)
        wf = os.path.join(out, f'weight{i + 1}.csv')
        xf = os.path.join(out, f'input{i + 1}.csv')
        np.savetxt(wf, w, delimiter=',', fmt='%10.5f')
        with open(xf, 'w') as f:
            for r in bits:
                f.write(','.join('1' if b else '0' for b in r) + '\n')
        args += [wf, xf]
        c = codes / 255
        activity.append({'layer': i, 'rows': rows, 'outputs': cout, 'reads': pixels,
                         'meanCode': float(c.mean()), 'meanSquare': float((c * c).mean()), 'bitDensity': float(bits.mean())})
    json.dump(activity, open(os.path.join(out, 'activity.json'), 'w'), indent=1)
    print(' '.join(args))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
