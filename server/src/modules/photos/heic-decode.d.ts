// heic-decode ships no types; these are the two calls the intake uses.
declare module 'heic-decode' {
  interface DecodedHeic { width: number; height: number; data: Uint8ClampedArray }
  interface HeicImage { width: number; height: number; decode(): Promise<DecodedHeic> }
  function decode(input: { buffer: ArrayBufferLike | Uint8Array }): Promise<DecodedHeic>;
  namespace decode {
    function all(input: { buffer: ArrayBufferLike | Uint8Array }): Promise<HeicImage[] & { dispose(): void }>;
  }
  export default decode;
}
