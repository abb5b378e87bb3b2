// Runs an ONNX model with onnxruntime-node (the reference runtime) on raw float32 input.
// usage: node ort-run.mjs MODEL.onnx INPUT.f32 SHAPE OUTPUT.f32 [BATCH] [THREADS] [WARMUP_RUNS]
//   SHAPE: the full input shape, comma separated, first dim = number of samples (e.g. 10000,1,28,28)
//   The samples are run in batches of BATCH (default: all at once); OUTPUT.f32 receives the first
//   output of every batch, concatenated, as raw little-endian float32.
//   Prints one JSON line: {"samples":..,"seconds":..,"samplesPerSecond":..,"outputShape":[..]}
//   (seconds covers the timed pass only, after WARMUP_RUNS untimed passes over the first batch).
import fs from 'node:fs';
import ort from 'onnxruntime-node';

const [model, inputPath, shapeText, outputPath, batchText, threadsText, warmupText] = process.argv.slice(2);
if (!outputPath) {
  console.error('usage: node ort-run.mjs MODEL.onnx INPUT.f32 SHAPE OUTPUT.f32 [BATCH] [THREADS] [WARMUP_RUNS]');
  process.exit(2);
}
const shape = shapeText.split(',').map(Number);
const samples = shape[0];
const perSample = shape.slice(1).reduce((a, b) => a * b, 1);
const batch = Number(batchText || samples);
const threads = Number(threadsText || 0);
const warmup = Number(warmupText || 0);
const buf = fs.readFileSync(inputPath);
const input = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
if (input.length !== samples * perSample) {
  console.error(`${inputPath}: has ${input.length} floats, shape ${shapeText} needs ${samples * perSample}`);
  process.exit(2);
}

const options = { graphOptimizationLevel: 'all' };
if (threads > 0) options.intraOpNumThreads = threads;
const session = await ort.InferenceSession.create(model, options);
const inputName = session.inputNames[0];
const outputName = session.outputNames[0];

async function runBatch(start, count) {
  const data = input.subarray(start * perSample, (start + count) * perSample);
  const feeds = { [inputName]: new ort.Tensor('float32', data, [count, ...shape.slice(1)]) };
  const result = await session.run(feeds);
  return result[outputName];
}

for (let i = 0; i < warmup; i++) await runBatch(0, Math.min(batch, samples));
const chunks = [];
let outShape = null;
const t0 = process.hrtime.bigint();
for (let start = 0; start < samples; start += batch) {
  const count = Math.min(batch, samples - start);
  const out = await runBatch(start, count);
  outShape = out.dims;
  chunks.push(Float32Array.from(out.data));
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const total = chunks.reduce((a, c) => a + c.length, 0);
const all = new Float32Array(total);
let off = 0;
for (const c of chunks) { all.set(c, off); off += c.length; }
fs.writeFileSync(outputPath, Buffer.from(all.buffer));
console.log(JSON.stringify({ samples, seconds, samplesPerSecond: samples / seconds, outputShape: [samples, ...outShape.slice(1)] }));
