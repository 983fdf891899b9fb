# Posts each heart-rate alert once: python3 alert_bot.py [ws://127.0.0.1:8765/ws]
# (pip install websockets, or Debian's python3-websockets)
import asyncio, json, sys
import websockets

async def main(url):
    posted = set()  # alert ids: a reconnect replays the alert under way
    async for ws in websockets.connect(url):  # reconnects by itself
        try:
            await ws.send(json.dumps({"type": "hello", "bot": "alert_bot.py"}))  # ignored by Beatcast
            async for frame in ws:
                msg = json.loads(frame)
                if msg["type"] != "alert" or msg["level"] == "normal" or msg["id"] in posted:
                    continue
                posted.add(msg["id"])
                print(f"ALERT {msg['level']}: {msg['bpm']} BPM (threshold {msg['threshold']})", flush=True)
        except websockets.ConnectionClosed:
            continue

asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8765/ws"))
