/** An image-classification Dataset from parsed IDX images and labels (MNIST, Fashion-MNIST). */
import { Dataset, DataError, Split } from './dataset';
import type { IdxArray } from './idx';
import { firstTestOnlyClass, makeSplit, rangeIndices, splitKeepingOrder } from './split';

export interface IdxDatasetOptions {
  /** Split the training files when there are no test files (default 0). */
  testFraction?: number;
  /** Use only the first N training samples. */
  limit?: number;
  /** Names per class index, e.g. Fashion-MNIST's "T-shirt/top", …; default "0", "1", …. */
  classNames?: string[];
  /** Seed of the testFraction split (default 1). */
  seed?: number;
  name?: string;
}

/** Sample-major pixels: x[i · inputSize + k]; ubyte images stay bytes (scale 1/255), other types become float64. */
interface Images { count: number; inputSize: number; x: Uint8Array | Float64Array; xScale: number }
/** Images with their labels. */
type Part = { images: Images; labels: Int32Array };

function imagesOf(images: IdxArray): Images {
  if (images.dims.length < 2) {
    throw new DataError(`${images.file} byte 3: an image file needs ≥ 2 dimensions (count, rows, columns), this one has ${images.dims.length}`, images.file);
  }
  const [count, ...shape] = images.dims;
  const inputSize = shape.reduce((a, b) => a * b, 1);
  if (images.type === 'ubyte') return { count, inputSize, x: images.values as Uint8Array, xScale: 1 / 255 };
  return { count, inputSize, x: Float64Array.from(images.values as ArrayLike<number>), xScale: 1 };
}

/** Class index per sample; labels must be a 1-D file of non-negative integers. */
function labelsOf(labels: IdxArray): Int32Array {
  if (labels.dims.length !== 1) {
    throw new DataError(`${labels.file} byte 3: a label file has 1 dimension (count), this one has ${labels.dims.length}`, labels.file);
  }
  const values = labels.values;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) {
      const offset = labels.payloadOffset + i * values.BYTES_PER_ELEMENT;
      throw new DataError(`${labels.file} byte ${offset}: label ${v} of sample ${i} is not a class index (an integer ≥ 0)`, labels.file);
    }
    out[i] = v;
  }
  return out;
}

/** Images and labels of one part, refusing different counts. */
function pairOf(images: IdxArray, labels: IdxArray): Part {
  const im = imagesOf(images);
  const lab = labelsOf(labels);
  if (im.count === 0) throw new DataError(`${images.file} byte 4: the file holds no images (its first dimension is 0)`, images.file);
  if (im.count !== lab.length) {
    throw new DataError(`${images.file} has ${im.count} images but ${labels.file} has ${lab.length} labels; they must match one to one`, images.file);
  }
  return { images: im, labels: lab };
}

/** Keeps the first `limit` samples (views, no copy). */
function limited(part: Part, limit: number | undefined): Part {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new DataError(`limit must be an integer ≥ 1, got ${limit}`);
  if (limit === undefined || limit >= part.images.count) return part;
  const { images, labels } = part;
  return {
    images: { ...images, count: limit, x: images.x.subarray(0, limit * images.inputSize) },
    labels: labels.subarray(0, limit),
  };
}

/** Class names from options, or "0" … "max label"; refuses labels past the names and a single class. */
function classNamesFor(labels: Int32Array[], given: string[] | undefined, file: string): string[] {
  let max = -1;
  for (const part of labels) for (let i = 0; i < part.length; i++) if (part[i] > max) max = part[i];
  const names = given ?? Array.from({ length: max + 1 }, (_, c) => String(c));
  if (max >= names.length) throw new DataError(`${file}: label ${max} has no class name (${names.length} names given)`, file);
  if (names.length < 2) throw new DataError(`${file}: the labels hold a single class; a classifier needs at least two`, file);
  return names;
}

/** Train and test splits: all of each part when test files exist, else a seeded testFraction split of train. */
function splitsOf(trainPart: Part, testPart: Part | null, opts: IdxDatasetOptions, file: string): { train: Split; test: Split } {
  const whole = (p: Part): Split => makeSplit(p.images.x, p.images.inputSize, p.images.xScale, p.labels, null, 1, rangeIndices(p.images.count));
  if (testPart) return { train: whole(trainPart), test: whole(testPart) };
  const { images, labels } = trainPart;
  const parts = splitKeepingOrder(images.count, opts.testFraction ?? 0, opts.seed ?? 1, file);
  return {
    train: makeSplit(images.x, images.inputSize, images.xScale, labels, null, 1, parts.train),
    test: makeSplit(images.x, images.inputSize, images.xScale, labels, null, 1, parts.test),
  };
}

/** Builds the Dataset: explicit test files, or a seeded testFraction split of the (limited) training files. */
export function idxDataset(
  trainImages: IdxArray, trainLabels: IdxArray, testImages?: IdxArray, testLabels?: IdxArray, opts: IdxDatasetOptions = {},
): Dataset {
  if ((testImages === undefined) !== (testLabels === undefined)) {
    throw new DataError('give both testImages and testLabels, or neither', (testImages ?? testLabels)!.file);
  }
  const trainPart = limited(pairOf(trainImages, trainLabels), opts.limit);
  const testPart = testImages && testLabels ? pairOf(testImages, testLabels) : null;
  const { inputSize } = trainPart.images;
  if (testPart && testPart.images.inputSize !== inputSize) {
    throw new DataError(`${testImages!.file} has ${testPart.images.inputSize} values per image, ${trainImages.file} has ${inputSize}`, testImages!.file);
  }
  const classNames = classNamesFor(testPart ? [trainPart.labels, testPart.labels] : [trainPart.labels], opts.classNames, trainLabels.file);
  const { train, test } = splitsOf(trainPart, testPart, opts, trainImages.file);
  const orphan = firstTestOnlyClass(train, test, classNames.length);
  if (orphan >= 0) {
    throw new DataError(`class "${classNames[test.labels![orphan]]}" occurs in the test split but not in the training split; raise limit or lower testFraction`, trainLabels.file);
  }
  return {
    name: opts.name ?? trainImages.file, task: 'classification', inputSize, outputSize: classNames.length,
    classNames, featureNames: null, normalization: null, train, test,
  };
}
