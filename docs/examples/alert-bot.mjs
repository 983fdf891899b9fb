// Posts each heart-rate alert once: node alert-bot.mjs [ws://127.0.0.1:8765/ws]
// (Node 22+; Node 20: node --experimental-websocket alert-bot.mjs)
const url = process.argv[2] ?? 'ws://127.0.0.1:8765/ws'
const posted = new Set() // alert ids: a reconnect replays the alert under way

function connect() {
  const ws = new WebSocket(url)
  const keepAlive = setInterval(() => ws.send(JSON.stringify({ type: 'ping' })), 30_000)
  ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', bot: 'alert-bot' })) // ignored by Beatcast
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data)
    if (msg.type !== 'alert' || msg.level === 'normal' || posted.has(msg.id)) return
    posted.add(msg.id)
    console.log(`ALERT ${msg.level}: ${msg.bpm} BPM (threshold ${msg.threshold})`) // post it in chat here
  }
  ws.onclose = () => { clearInterval(keepAlive); setTimeout(connect, 2000) }
}
connect()
setInterval(() => {}, 60_000) // Node 20 may exit while a WebSocket connects; this holds it open
