#!/usr/bin/env python3
"""
The ADC defaults of core/ppa/nodes.ts from B. Murmann, "ADC Performance Survey 1997-2025"
(github.com/bmurmann/ADC-survey, xls/ADCsurvey_latest.ods): medians of the Walden figure of
merit (FOMW_hf, fJ/conversion-step), the conversion time 1/fs_nyq and the area per ENOB bit
of Nyquist SAR (architecture exactly "SAR", no time interleaving) and flash converters in two
process groups: 16-32 nm (the 22 nm default) and 40-65 nm (the 45 nm default), at 5-10 ENOB
and 1 MS/s-5 GS/s. Standard library only: the .ods is a zip with content.xml.

Usage: python3 scripts/ppa/adc-survey.py PATH/TO/ADCsurvey_latest.ods
"""
import statistics
import sys
import xml.etree.ElementTree as ET
import zipfile

T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'
O = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}'


def sheet_rows(content, name):
    for table in content.iter(T + 'table'):
        if table.get(T + 'name') != name:
            continue
        for row in table.iter(T + 'table-row'):
            cells = []
            for c in row:
                if c.tag not in (T + 'table-cell', T + 'covered-table-cell'):
                    continue
                n = min(int(c.get(T + 'number-columns-repeated', '1')), 64)
                v = c.get(O + 'value')
                if v is None:
                    v = ''.join(''.join(p.itertext()) for p in c)
                cells += [v] * n
            if any(cells):
                yield cells


def number(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def main(path):
    content = ET.fromstring(zipfile.ZipFile(path).read('content.xml'))
    rows = []
    for sheet in ('ISSCC', 'VLSI'):
        it = sheet_rows(content, sheet)
        header = next(it)
        rows += [dict(zip(header, r)) for r in it]
    groups = {'22 nm (16-32 nm)': (16, 32), '45 nm (40-65 nm)': (40, 65)}
    for arch in ('SAR', 'Flash'):
        for label, (lo, hi) in groups.items():
            sel = []
            for d in rows:
                if d.get('TYPE') != 'NQ' or (d.get('ARCHITECTURE') or '').strip() != arch:
                    continue
                tech = number(str(d.get('TECHNOLOGY', '')).split(' ')[0])
                if tech is None or not lo <= tech * 1000 <= hi:
                    continue
                sndr = number(d.get('SNDR_hf [dB]')) or number(d.get('SNDR_plot [dB]'))
                fs = number(d.get('fsnyq [Hz]'))
                fom = number(d.get('FOMW_hf [fJ/conv-step]'))
                if sndr is None or fs is None or fom is None:
                    continue
                enob = (sndr - 1.76) / 6.02
                if 5 <= enob <= 10 and 1e6 <= fs <= 5e9:
                    sel.append((fom, 1 / fs, number(d.get('AREA [mm^2]')), enob))
            if not sel:
                print(f'{arch} {label}: no designs')
                continue
            # SAR area grows with the bits (area per ENOB bit); flash with its 2^ENOB - 1 comparators.
            per = (lambda e: e) if arch == 'SAR' else (lambda e: 2**e - 1)
            areas = [a * 1e6 / per(e) for _, _, a, e in sel if a]
            times = [t / e if arch == 'SAR' else t for _, t, _, e in sel]
            print(
                f'{arch} {label}: n={len(sel)}, Walden FOM median {statistics.median(f for f, *_ in sel):.3g} fJ/step, '
                f'{"time per ENOB bit" if arch == "SAR" else "conversion time"} median {statistics.median(times) * 1e9:.3g} ns, '
                f'{"area per ENOB bit" if arch == "SAR" else "area per comparator"} median {statistics.median(areas) if areas else float("nan"):.3g} um^2 (n={len(areas)}), '
                f'ENOB median {statistics.median(e for *_, e in sel):.3g}'
            )


if __name__ == '__main__':
    main(sys.argv[1])
