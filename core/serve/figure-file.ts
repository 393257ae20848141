import { UserError } from '../model/problems.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The bytes of a figure the UI sends (Api saveFigure): a .png file gets the PNG the
 * renderer drew, sent as base64; a .svg file gets the SVG text. What arrives is checked
 * to be that kind of image, so a .png never receives text and a .svg never binary.
 */
export function figureBytes(file: string, data: string): Buffer {
  if (file.toLowerCase().endsWith('.png')) {
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new UserError('the figure sent for a .png file is not a PNG image');
    return bytes;
  }
  if (!/^(<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(data)) throw new UserError('the figure sent for a .svg file is not SVG text');
  return Buffer.from(data, 'utf8');
}
