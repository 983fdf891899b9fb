// A picture of a recorded stream's chart to post after the stream: drawn on
// a canvas with the same geometry as the window's chart, returned as a PNG
// in base64 for the backend to save where the streamer chooses.
import { duration, plot } from './chart'
import facts from './facts.json'
import type { StreamDetail } from './types'

const W = 1200
const H = 630 // the size social sites show a link picture at
const PAD = { left: 70, right: 40, top: 120, bottom: 60 }

export async function chartPNG(s: StreamDetail, title: string): Promise<string> {
  const canvas = document.createElement('canvas')
  canvas.width = W
  canvas.height = H
  const g = canvas.getContext('2d')
  if (!g) throw new Error('This window cannot draw pictures.')
  const w = W - PAD.left - PAD.right
  const h = H - PAD.top - PAD.bottom
  const gap = s.points.length > 1 ? Math.max(facts.gap_ms, (2 * (s.end - s.start)) / s.points.length) : facts.gap_ms
  const p = plot(s.points, s.start, s.end, w, h, gap)

  g.fillStyle = '#101218'
  g.fillRect(0, 0, W, H)
  g.fillStyle = '#e9ecf2'
  g.font = '600 34px system-ui, sans-serif'
  g.fillText(`♥ ${title}`, PAD.left, 58)
  g.fillStyle = '#9aa3b5'
  g.font = '24px system-ui, sans-serif'
  g.fillText(`${duration(s.end - s.start)} · min ${s.min} · avg ${Math.round(s.average)} · max ${s.max} BPM`, PAD.left, 96)

  g.save()
  g.translate(PAD.left, PAD.top)
  g.fillStyle = '#181b24'
  g.fillRect(0, 0, w, h)
  g.strokeStyle = '#2b3142'
  g.fillStyle = '#9aa3b5'
  g.font = '18px system-ui, sans-serif'
  g.textAlign = 'center'
  for (const t of p.ticks) {
    g.beginPath()
    g.moveTo(t.x, 0)
    g.lineTo(t.x, h)
    g.stroke()
    g.fillText(t.label, t.x, h + 30)
  }
  g.textAlign = 'right'
  g.fillText(String(p.hi), -12, 16)
  g.fillText(String(p.lo), -12, h)
  g.strokeStyle = '#ff4d5e'
  g.lineWidth = 3
  g.lineJoin = 'round'
  g.stroke(new Path2D(p.path))
  g.textAlign = 'center'
  g.font = '700 20px system-ui, sans-serif'
  for (const peak of s.peaks) {
    const at = p.at(peak)
    g.fillStyle = '#ff4d5e'
    g.beginPath()
    g.arc(at.x, at.y, 6, 0, 2 * Math.PI)
    g.fill()
    g.fillStyle = '#e9ecf2'
    g.fillText(String(peak.bpm), at.x, Math.max(18, at.y - 14))
  }
  g.restore()
  g.fillStyle = '#5d6579'
  g.font = '18px system-ui, sans-serif'
  g.textAlign = 'right'
  g.fillText('Beatcast', W - PAD.right, 58)

  const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'))
  if (!blob) throw new Error('The chart picture could not be made.')
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}
