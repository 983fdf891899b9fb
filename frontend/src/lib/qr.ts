import qrcode from 'qrcode-generator'

/**
 * The QR code of text as one SVG path over a size × size grid, so the
 * component draws it without injecting markup.
 */
export function qrPath(text: string): { size: number; d: string } {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  let d = ''
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (qr.isDark(y, x)) d += `M${x} ${y}h1v1h-1z`
    }
  }
  return { size: n, d }
}
