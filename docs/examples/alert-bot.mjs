// A bot that reacts to Beatcast's heart-rate alerts: it connects to the
// overlay's websocket (a local program, so no Origin and no key), prints
// each alert, and connects again whenever Beatcast restarts.
//
//   node docs/examples/alert-bot.mjs [ws://127.0.0.1:8765/ws]
//
// Node 22 and newer have WebSocket built in; on Node 20 add
// --experimental-websocket. Replace console.log with what your stream
// should do: play a sound, post in chat, switch a scene.
const url = process.argv[2] ?? 'ws://127.0.0.1:8765/ws'

function connect() {
  const ws = new WebSocket(url)
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data)
    if (msg.type !== 'alert') return // also: status, history, heart_rate
    if (msg.level === 'normal') console.log(`back to normal: ${msg.bpm} BPM`)
    else console.log(`ALERT ${msg.level}: ${msg.bpm} BPM (threshold ${msg.threshold})`)
  }
  ws.onclose = () => setTimeout(connect, 2000)
}
connect()
// Node's built-in WebSocket does not always hold the process open while it
// connects or waits for a message: on Node 20 the bot quietly exited, with
// code 0, about one start in four. This timer keeps it running.
setInterval(() => {}, 60_000)
