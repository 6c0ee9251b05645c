/** One TF slice of a TF subsample (spec §6.4). */
export interface TfSlice {
  /** 0-based. */
  sliceId: number;
  tfFirst: number;
  tfLast: number;
  tfCount: number;
  /** `<sample>_slice_<i:03d>.tf`, `<sample>` being the subsample's file name without `.tf`. */
  tfFilename: string;
}

/**
 * Cuts the subsample [tfFirst, tfLast] (tfCount TFs) into ceil(tfCount / perSlice) slices of `perSlice`
 * TFs, the last one shorter. Throws on counts that cannot be sliced.
 */
export function sliceSample(sample: { tfFilename: string; tfFirst: number; tfCount: number }, perSlice: number): TfSlice[] {
  if (!Number.isInteger(perSlice) || perSlice < 1) throw new Error(`num_tf_per_slice must be a whole number ≥ 1, got ${perSlice}`);
  if (!Number.isInteger(sample.tfCount) || sample.tfCount < 0) throw new Error(`tf_count must be a whole number ≥ 0, got ${sample.tfCount}`);
  const base = sample.tfFilename.replace(/\.tf$/, '');
  const slices: TfSlice[] = [];
  for (let i = 0; i * perSlice < sample.tfCount; i += 1) {
    const tfFirst = sample.tfFirst + i * perSlice;
    const tfCount = Math.min(perSlice, sample.tfCount - i * perSlice);
    slices.push({ sliceId: i, tfFirst, tfLast: tfFirst + tfCount - 1, tfCount, tfFilename: `${base}_slice_${String(i).padStart(3, '0')}.tf` });
  }
  return slices;
}
