/**
 * The duration of an uploaded audio file, read from its header where the format states it exactly:
 * WAV (RIFF: the `data` chunk's size over the `fmt ` chunk's byte rate) and FLAC (STREAMINFO: total
 * samples over the sample rate). Anything else (MP3, M4A, WebM, Ogg), or a header that does not add
 * up, is unknown (null): a per-minute model cannot be bounded then.
 */
const MAX_CHUNKS = 64;

function wavSeconds(b: Buffer): number | null {
  if (b.length < 12 || b.toString("latin1", 0, 4) !== "RIFF" || b.toString("latin1", 8, 12) !== "WAVE") return null;
  let byteRate = 0;
  let offset = 12;
  for (let i = 0; i < MAX_CHUNKS && offset + 8 <= b.length; i++) {
    const id = b.toString("latin1", offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    if (id === "fmt " && offset + 16 <= b.length) byteRate = b.readUInt32LE(offset + 16);
    if (id === "data") {
      // a streamed WAV says 0 or 0xFFFFFFFF; the size is then the rest of the file
      const data = size === 0 || size === 0xffffffff ? b.length - offset - 8 : Math.min(size, b.length - offset - 8);
      return byteRate > 0 && data >= 0 ? data / byteRate : null;
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

function flacSeconds(b: Buffer): number | null {
  // "fLaC", then the STREAMINFO block (type 0): 4-byte block header, then 34 bytes
  if (b.length < 42 || b.toString("latin1", 0, 4) !== "fLaC" || (b[4]! & 0x7f) !== 0) return null;
  const info = 8;
  const sampleRate = (b[info + 10]! << 12) | (b[info + 11]! << 4) | (b[info + 12]! >> 4);
  const totalSamples = (b[info + 13]! & 0x0f) * 2 ** 32 + b.readUInt32BE(info + 14);
  return sampleRate > 0 && totalSamples > 0 ? totalSamples / sampleRate : null;
}

/** Seconds of audio in the file, or null when its header does not say. */
export function audioDurationSeconds(bytes: Buffer): number | null {
  const seconds = wavSeconds(bytes) ?? flacSeconds(bytes);
  return seconds !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
