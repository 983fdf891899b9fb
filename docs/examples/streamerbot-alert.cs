using Newtonsoft.Json.Linq;

public class CPHInline : CPHInlineBase
{
    public bool Execute()
    {
        var msg = JObject.Parse(args["message"].ToString());
        if ((string)msg["type"] != "alert" || (string)msg["level"] != "high")
            return true;
        // A reconnect replays the alert under way: post each alert id once.
        var id = (string)msg["id"];
        if (id == CPH.GetGlobalVar<string>("beatcastAlertId", false))
            return true;
        CPH.SetGlobalVar("beatcastAlertId", id, false);
        CPH.SendMessage($"Heart rate {msg["bpm"]} BPM: that was intense!");
        return true;
    }
}
