// A stand-in for the part of Streamer.bot's C# API that the README's
// snippet uses, as Streamer.bot documents it (docs.streamer.bot, "C# Code"
// and the CPH methods SendMessage, GetGlobalVar, SetGlobalVar): a class
// CPHInline : CPHInlineBase whose Execute runs once per trigger, with the
// trigger's variables in args ("message" for a WebSocket Client's
// Message). Streamer.bot itself is Windows-only and does not install here.
using System;
using System.Collections.Generic;

public interface IInlineInvokeProxy
{
    void SendMessage(string message, bool bot = true, bool fallback = true);
    T GetGlobalVar<T>(string varName, bool persisted = true);
    void SetGlobalVar(string varName, object value, bool persisted = true);
}

public abstract class CPHInlineBase
{
    public IInlineInvokeProxy CPH;
    public Dictionary<string, object> args;
}

// The stand-in's CPH: chat goes to stdout, globals live in memory.
public class StandInProxy : IInlineInvokeProxy
{
    readonly Dictionary<string, object> globals = new Dictionary<string, object>();

    public void SendMessage(string message, bool bot = true, bool fallback = true)
    {
        Console.WriteLine("CHAT " + message);
    }

    public T GetGlobalVar<T>(string varName, bool persisted = true)
    {
        object v;
        return globals.TryGetValue(varName, out v) ? (T)v : default(T);
    }

    public void SetGlobalVar(string varName, object value, bool persisted = true)
    {
        globals[varName] = value;
    }
}

// Plays Streamer.bot's WebSocket Client: each line of stdin is one message
// the client received, handed to one instance's Execute as args["message"].
public static class Runner
{
    public static int Main()
    {
        var action = new CPHInline { CPH = new StandInProxy() };
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            action.args = new Dictionary<string, object> { { "message", line } };
            if (!action.Execute())
                return 1;
        }
        return 0;
    }
}
