/** data.py of an exported PyTorch project: the spec's data, split, targets and normalisation exactly as the engine builds them. */
import type { NormalizationStats } from '../data/dataset';
import { pythonConstants } from './python-literal';

/** What data.py reads: a CSV (with its target column) or IDX files, with the engine's split and class order. */
export interface ExportedData {
  kind: 'csv' | 'idx';
  /** csv: the training CSV and optional test CSV; idx: the four IDX paths (test ones may be null). Relative to the project folder. */
  files: Record<string, string | null>;
  target: string | null;
  testFraction: number;
  normalize: 'none' | 'standardize' | 'minmax';
  /** A saved model's map (--init, a trained model): features mapped with it, as train --init does; null: fitted on the training split. */
  savedNormalization: NormalizationStats | null;
  task: 'classification' | 'regression';
  classNames: string[] | null;
  featureNames: string[] | null;
  /** Output units of the network: one-hot targets when equal to the class count, the label itself for one unit. */
  outputUnits: number;
  limit: number | null;
  seed: number;
}

const BODY = String.raw`
import csv
import gzip
import math
import os
import re
import struct
from decimal import Decimal

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


class Mulberry32:
    """The engine's seeded generator (src/engine/nn/rng.ts), so splits and batch order match backprop-lens train."""

    def __init__(self, seed):
        self.state = (int(math.floor(seed)) ^ 0x9E3779B9) & 0xFFFFFFFF

    def next(self):
        """Uniform in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def skip(self, count):
        for _ in range(count):
            self.next()

    def shuffle(self, items):
        """Fisher-Yates in place, as Rng.shuffleInPlace."""
        for i in range(len(items) - 1, 0, -1):
            j = int(math.floor(self.next() * (i + 1)))
            items[i], items[j] = items[j], items[i]


def split_indices(count, test_fraction, seed):
    """The engine's splitKeepingOrder: file order without a test part, else a seeded shuffle whose head is the test part."""
    order = list(range(count))
    if test_fraction == 0:
        return order, []
    Mulberry32(seed).shuffle(order)
    test_count = min(int(math.floor(count * test_fraction + 0.5)), count - 1)
    return order[test_count:], order[:test_count]


DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def number_cell(cell):
    """The cell as a finite float, read as the engine reads numbers (plain decimals: not "1_000", "nan" or "inf"); else None."""
    text = cell.strip()
    if not DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def js_number_text(value):
    """JavaScript's String(value): shortest round-trip digits, plain from 1e-6 up to 1e21, else d.ddde+n."""
    if value == 0:
        return "0"
    _, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k, n = len(digits), exponent + len(digits)  # value = 0.digits * 10^n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if n > 0 else "-") + str(abs(n - 1))
    return ("-" if value < 0 else "") + text


def class_name(cell):
    """Numbers in the engine's canonical form ("1.0" -> "1", "1e-05" -> "0.00001"), text as written ("1_000")."""
    value = number_cell(cell)
    return cell if value is None else js_number_text(value)


def is_blank(row):
    """A row the engine skips: an empty line or one holding only spaces and tabs."""
    return len(row) == 0 or (len(row) == 1 and row[0].strip(" \t") == "")


def read_csv(path):
    """Header, feature rows and target cells; every bad cell is reported with its file, line and column."""
    with open(os.path.join(HERE, path), newline="", encoding="utf-8-sig") as f:
        rows = [(n + 1, row) for n, row in enumerate(csv.reader(f)) if not is_blank(row)]
    header = [h.strip() for h in rows[0][1]]
    if DATA["target"] not in header:
        raise ValueError(f"{path} line {rows[0][0]}: target column {DATA['target']!r} is not in the header {header}")
    t = header.index(DATA["target"])
    features, targets = [], []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise ValueError(f"{path} line {line}: this row has {len(row)} fields, the header has {len(header)}")
        values = []
        for k, cell in enumerate(row):
            if k == t:
                continue
            value = number_cell(cell)
            if value is None:
                raise ValueError(f"{path} line {line}, column {k + 1} ({header[k]}): {cell.strip()!r} is not a number")
            values.append(value)
        features.append(values)
        targets.append((line, row[t].strip()))
    return [h for k, h in enumerate(header) if k != t], features, targets


def outputs_of(targets, path):
    """Class indices (classification) or target values (regression)."""
    if DATA["task"] == "regression":
        values = [number_cell(cell) for _, cell in targets]
        for (line, cell), value in zip(targets, values):
            if value is None:
                raise ValueError(f"{path} line {line} ({DATA['target']}): {cell!r} is not a number, but a regression target must be one")
        return values
    index = {name: i for i, name in enumerate(DATA["classNames"])}
    labels = []
    for line, cell in targets:
        name = class_name(cell)
        if name not in index:
            raise ValueError(f"{path} line {line} ({DATA['target']}): class {name!r} is not one of {DATA['classNames']}")
        labels.append(index[name])
    return labels


def read_idx(path):
    """An IDX array (gzip allowed): its dimensions and its values as floats."""
    with open(os.path.join(HERE, path), "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    kind, ndim = raw[2], raw[3]
    dims = list(struct.unpack(">" + "i" * ndim, raw[4:4 + 4 * ndim]))
    fmt = {0x08: "B", 0x09: "b", 0x0B: ">h", 0x0C: ">i", 0x0D: ">f", 0x0E: ">d"}[kind]
    dtype = {0x08: torch.uint8, 0x09: torch.int8, 0x0B: torch.int16, 0x0C: torch.int32, 0x0D: torch.float32, 0x0E: torch.float64}[kind]
    count = math.prod(dims)
    body = raw[4 + 4 * ndim:]
    if fmt in ("B", "b"):
        values = torch.frombuffer(bytearray(body[:count]), dtype=dtype)
    else:
        values = torch.tensor(struct.unpack(">" + fmt[1] * count, body[:count * struct.calcsize(fmt)]), dtype=dtype)
    return dims, kind, values


def idx_part(images_path, labels_path):
    """Images as rows times the engine's input scale (ubyte pixels: 1/255, other types: 1), labels, and that scale."""
    dims, kind, pixels = read_idx(images_path)
    _, _, labels = read_idx(labels_path)
    scale = 1 / 255 if kind == 0x08 else 1.0
    x = pixels.reshape(dims[0], -1).to(torch.float64)
    if scale != 1.0:
        x = x * scale
    return x, labels.to(torch.int64).tolist(), scale


def normalisation(x_train):
    """The saved model's map when there is one (as train --init), else statistics of the training split: standardize
    (mean, population std) or minmax (min, max - min); constant features get scale 1."""
    if DATA["savedNormalization"] is not None:
        return DATA["savedNormalization"]
    if DATA["normalize"] == "none" or len(x_train) == 0:
        return None
    if DATA["normalize"] == "standardize":
        shift = x_train.mean(dim=0)
        scale = ((x_train - shift) ** 2).mean(dim=0).sqrt()
    else:
        shift = x_train.min(dim=0).values
        scale = x_train.max(dim=0).values - shift
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    return {"method": DATA["normalize"], "shift": shift.tolist(), "scale": scale.tolist()}


def target_matrix(outputs):
    """Y as the engine fills it: one-hot rows, the label itself for one output unit, or the regression values."""
    if DATA["task"] == "regression":
        return torch.tensor(outputs, dtype=torch.float64).reshape(len(outputs), 1)
    labels = torch.tensor(outputs, dtype=torch.int64)
    if DATA["outputUnits"] == 1:
        return labels.to(torch.float64).reshape(-1, 1)
    return torch.nn.functional.one_hot(labels, DATA["outputUnits"]).to(torch.float64)


def rows_of(x, indices):
    """Rows at indices of x, shaped [len(indices), width] even when there are none."""
    return x[indices].reshape(len(indices), x.shape[1])


def raw_parts():
    """Features (times the input scale) and outputs of the training and test parts, and the input scale."""
    files = DATA["files"]
    if DATA["kind"] == "idx":
        x, labels, scale = idx_part(files["trainImages"], files["trainLabels"])
        if DATA["limit"] is not None:
            x, labels = x[:DATA["limit"]], labels[:DATA["limit"]]
        if files.get("testImages"):
            tx, tlabels, _ = idx_part(files["testImages"], files["testLabels"])
            return (x, labels), (tx, tlabels), scale
        train, test = split_indices(len(labels), DATA["testFraction"], DATA["seed"])
        return (rows_of(x, train), [labels[i] for i in train]), (rows_of(x, test), [labels[i] for i in test]), scale
    _, rows, targets = read_csv(files["csv"])
    outputs = outputs_of(targets, files["csv"])
    x = torch.tensor(rows, dtype=torch.float64)
    if files.get("testCsv"):
        _, test_rows, test_targets = read_csv(files["testCsv"])
        return (x, outputs), (torch.tensor(test_rows, dtype=torch.float64).reshape(len(test_rows), x.shape[1]), outputs_of(test_targets, files["testCsv"])), 1.0
    train, test = split_indices(len(outputs), DATA["testFraction"], DATA["seed"])
    return (rows_of(x, train), [outputs[i] for i in train]), (rows_of(x, test), [outputs[i] for i in test]), 1.0


def load_data(dtype=torch.float64):
    """x_train, y_train, x_test, y_test (samples are rows) and what the saved model needs: input scale, normalisation, names."""
    (x_train, out_train), (x_test, out_test), input_scale = raw_parts()
    stats = normalisation(x_train)
    if stats is not None:
        shift, scale = torch.tensor(stats["shift"], dtype=torch.float64), torch.tensor(stats["scale"], dtype=torch.float64)
        x_train, x_test = (x_train - shift) / scale, (x_test - shift) / scale
    return {
        "x_train": x_train.to(dtype), "y_train": target_matrix(out_train).to(dtype),
        "x_test": x_test.to(dtype), "y_test": target_matrix(out_test).to(dtype),
        "labels_train": out_train if DATA["task"] == "classification" else None,
        "labels_test": out_test if DATA["task"] == "classification" else None,
        "inputScale": input_scale, "normalization": stats, "task": DATA["task"],
        "classNames": DATA["classNames"], "featureNames": DATA["featureNames"],
    }
`;

/** The text of data.py for this data description. */
export function dataPy(data: ExportedData): string {
  return `"""The data of the spec, read as Backprop Lens reads it: same split, class order, targets and normalisation."""\n${BODY.replace('HERE = ', `${pythonConstants({ DATA: data })}\nHERE = `)}`;
}
