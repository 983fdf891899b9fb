export namespace alert {
	
	export class Alert {
	    level: string;
	    bpm: number;
	    threshold: number;
	    id?: string;
	    since?: string;
	
	    static createFrom(source: any = {}) {
	        return new Alert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.level = source["level"];
	        this.bpm = source["bpm"];
	        this.threshold = source["threshold"];
	        this.id = source["id"];
	        this.since = source["since"];
	    }
	}
	export class Thresholds {
	    high: number;
	    low: number;
	
	    static createFrom(source: any = {}) {
	        return new Thresholds(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.high = source["high"];
	        this.low = source["low"];
	    }
	}

}

export namespace ble {
	
	export class Found {
	    address: string;
	    name: string;
	    rssi: number;
	    battery?: number;
	
	    static createFrom(source: any = {}) {
	        return new Found(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.address = source["address"];
	        this.name = source["name"];
	        this.rssi = source["rssi"];
	        this.battery = source["battery"];
	    }
	}
	export class Strap {
	    address?: string;
	    name?: string;
	
	    static createFrom(source: any = {}) {
	        return new Strap(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.address = source["address"];
	        this.name = source["name"];
	    }
	}

}

export namespace cli {
	
	export class Build {
	    version: string;
	    commit: string;
	    development: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Build(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.development = source["development"];
	    }
	}

}

export namespace config {
	
	export class OBSSettings {
	    on?: boolean;
	    url?: string;
	    text_source?: string;
	    rules?: obs.Rule[];
	
	    static createFrom(source: any = {}) {
	        return new OBSSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.url = source["url"];
	        this.text_source = source["text_source"];
	        this.rules = this.convertValues(source["rules"], obs.Rule);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SavedOverlay {
	    name: string;
	    options: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new SavedOverlay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.options = source["options"];
	    }
	}
	export class Settings {
	    overlay_addr?: string;
	    overlay_lan?: boolean;
	    signal_timeout_seconds?: number;
	    client_id?: string;
	    start_minimised?: boolean;
	    history_off?: boolean;
	    history_days?: number;
	    max_heart_rate?: number;
	    text_file?: string;
	    text_file_offline?: string;
	    alert_high?: number;
	    alert_low?: number;
	    osc?: boolean;
	    osc_addr?: string;
	    osc_chatbox?: boolean;
	    osc_chatbox_template?: string;
	    osc_parameters?: string;
	    overlays?: SavedOverlay[];
	    obs?: OBSSettings;
	    strap?: ble.Strap;
	    use_strap?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.overlay_addr = source["overlay_addr"];
	        this.overlay_lan = source["overlay_lan"];
	        this.signal_timeout_seconds = source["signal_timeout_seconds"];
	        this.client_id = source["client_id"];
	        this.start_minimised = source["start_minimised"];
	        this.history_off = source["history_off"];
	        this.history_days = source["history_days"];
	        this.max_heart_rate = source["max_heart_rate"];
	        this.text_file = source["text_file"];
	        this.text_file_offline = source["text_file_offline"];
	        this.alert_high = source["alert_high"];
	        this.alert_low = source["alert_low"];
	        this.osc = source["osc"];
	        this.osc_addr = source["osc_addr"];
	        this.osc_chatbox = source["osc_chatbox"];
	        this.osc_chatbox_template = source["osc_chatbox_template"];
	        this.osc_parameters = source["osc_parameters"];
	        this.overlays = this.convertValues(source["overlays"], SavedOverlay);
	        this.obs = this.convertValues(source["obs"], OBSSettings);
	        this.strap = this.convertValues(source["strap"], ble.Strap);
	        this.use_strap = source["use_strap"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace feed {
	
	export enum SignInPhase {
	    Failed = "failed",
	    Idle = "idle",
	    Starting = "starting",
	    Waiting = "waiting",
	}
	export class Account {
	    signed_in: boolean;
	    profile_id?: string;
	    expires_at?: number;
	    has_client_id: boolean;
	    demo: boolean;
	    strap?: string;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.signed_in = source["signed_in"];
	        this.profile_id = source["profile_id"];
	        this.expires_at = source["expires_at"];
	        this.has_client_id = source["has_client_id"];
	        this.demo = source["demo"];
	        this.strap = source["strap"];
	    }
	}
	export class SignIn {
	    phase: SignInPhase;
	    url?: string;
	    expires_at?: number;
	    error?: string;
	    message?: string;
	    offline?: boolean;
	    retry_at?: number;
	    browser_opened?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SignIn(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phase = source["phase"];
	        this.url = source["url"];
	        this.expires_at = source["expires_at"];
	        this.error = source["error"];
	        this.message = source["message"];
	        this.offline = source["offline"];
	        this.retry_at = source["retry_at"];
	        this.browser_opened = source["browser_opened"];
	    }
	}

}

export namespace heartrate {
	
	export enum Reason {
	    BluetoothDenied = "bluetooth_denied",
	    BluetoothOff = "bluetooth_off",
	    BluetoothRestarted = "bluetooth_restarted",
	    BluetoothUnsupported = "bluetooth_unsupported",
	    MissingScope = "missing_scope",
	    Network = "network",
	    NoAdapter = "no_adapter",
	    NoContact = "no_contact",
	    NoSignal = "no_signal",
	    NotSignedIn = "not_signed_in",
	    PremiumRequired = "premium_required",
	    PulsoidError = "pulsoid_error",
	    RESTFallback = "rest_fallback",
	    Refused = "refused",
	    SignInAlreadyIssued = "sign_in_already_issued",
	    SignInDenied = "sign_in_denied",
	    SignInExpired = "sign_in_expired",
	    SignInInvalidClient = "sign_in_invalid_client",
	    SignInRefused = "sign_in_refused",
	    SignedOutByUser = "signed_out_by_user",
	    StrapLost = "strap_lost",
	    TokenExpired = "token_expired",
	    TokenRejected = "token_rejected",
	    TokenRevoked = "token_revoked",
	}
	export enum SourceName {
	    BLE = "ble",
	    Demo = "demo",
	    Pulsoid = "pulsoid",
	}
	export enum State {
	    Connecting = "connecting",
	    Live = "live",
	    NoSignal = "no_signal",
	    Reconnecting = "reconnecting",
	    SignedOut = "signed_out",
	    SigningIn = "signing_in",
	}
	export class Arrival {
	    bpm: number;
	    measured_at: number;
	    arrived_at: number;
	
	    static createFrom(source: any = {}) {
	        return new Arrival(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bpm = source["bpm"];
	        this.measured_at = source["measured_at"];
	        this.arrived_at = source["arrived_at"];
	    }
	}
	export class Beat {
	    bpm: number;
	    measured_at: number;
	    rr?: number[];
	
	    static createFrom(source: any = {}) {
	        return new Beat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bpm = source["bpm"];
	        this.measured_at = source["measured_at"];
	        this.rr = source["rr"];
	    }
	}
	export class Device {
	    name: string;
	    address: string;
	    battery?: number;
	
	    static createFrom(source: any = {}) {
	        return new Device(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.address = source["address"];
	        this.battery = source["battery"];
	    }
	}
	export class Stats {
	    count: number;
	    min: number;
	    max: number;
	    average: number;
	    started_at?: number;
	
	    static createFrom(source: any = {}) {
	        return new Stats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.average = source["average"];
	        this.started_at = source["started_at"];
	    }
	}
	export class Status {
	    state: State;
	    source?: SourceName;
	    reason?: Reason;
	    message?: string;
	    attempt?: number;
	    retry_at?: number;
	    since?: number;
	    last_beat_at?: number;
	    device?: Device;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.source = source["source"];
	        this.reason = source["reason"];
	        this.message = source["message"];
	        this.attempt = source["attempt"];
	        this.retry_at = source["retry_at"];
	        this.since = source["since"];
	        this.last_beat_at = source["last_beat_at"];
	        this.device = this.convertValues(source["device"], Device);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Snapshot {
	    status: Status;
	    beat?: Beat;
	    stats: Stats;
	
	    static createFrom(source: any = {}) {
	        return new Snapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = this.convertValues(source["status"], Status);
	        this.beat = this.convertValues(source["beat"], Beat);
	        this.stats = this.convertValues(source["stats"], Stats);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace history {
	
	export class Point {
	    t: number;
	    bpm: number;
	
	    static createFrom(source: any = {}) {
	        return new Point(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.t = source["t"];
	        this.bpm = source["bpm"];
	    }
	}
	export class Detail {
	    id: string;
	    start: number;
	    end: number;
	    beats: number;
	    min: number;
	    max: number;
	    average: number;
	    zone_seconds: number[];
	    max_bpm: number;
	    spark: number[];
	    skipped?: number;
	    bytes: number;
	    recording?: boolean;
	    source?: heartrate.SourceName;
	    rmssd?: number;
	    rr_intervals?: number;
	    points: Point[];
	    peaks: Point[];
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new Detail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.beats = source["beats"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.average = source["average"];
	        this.zone_seconds = source["zone_seconds"];
	        this.max_bpm = source["max_bpm"];
	        this.spark = source["spark"];
	        this.skipped = source["skipped"];
	        this.bytes = source["bytes"];
	        this.recording = source["recording"];
	        this.source = source["source"];
	        this.rmssd = source["rmssd"];
	        this.rr_intervals = source["rr_intervals"];
	        this.points = this.convertValues(source["points"], Point);
	        this.peaks = this.convertValues(source["peaks"], Point);
	        this.path = source["path"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Summary {
	    id: string;
	    start: number;
	    end: number;
	    beats: number;
	    min: number;
	    max: number;
	    average: number;
	    zone_seconds: number[];
	    max_bpm: number;
	    spark: number[];
	    skipped?: number;
	    bytes: number;
	    recording?: boolean;
	    source?: heartrate.SourceName;
	    rmssd?: number;
	    rr_intervals?: number;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.beats = source["beats"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.average = source["average"];
	        this.zone_seconds = source["zone_seconds"];
	        this.max_bpm = source["max_bpm"];
	        this.spark = source["spark"];
	        this.skipped = source["skipped"];
	        this.bytes = source["bytes"];
	        this.recording = source["recording"];
	        this.source = source["source"];
	        this.rmssd = source["rmssd"];
	        this.rr_intervals = source["rr_intervals"];
	    }
	}
	export class Zone {
	    name: string;
	    from: number;
	    color: string;
	
	    static createFrom(source: any = {}) {
	        return new Zone(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.from = source["from"];
	        this.color = source["color"];
	    }
	}

}

export namespace obs {
	
	export class Scene {
	    name: string;
	    sources: string[];
	
	    static createFrom(source: any = {}) {
	        return new Scene(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.sources = source["sources"];
	    }
	}
	export class Inventory {
	    scenes: Scene[];
	    text_sources: string[];
	    filters: Record<string, Array<string>>;
	
	    static createFrom(source: any = {}) {
	        return new Inventory(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scenes = this.convertValues(source["scenes"], Scene);
	        this.text_sources = source["text_sources"];
	        this.filters = source["filters"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Rule {
	    when: string;
	    do: string;
	    scene?: string;
	    source?: string;
	    filter?: string;
	
	    static createFrom(source: any = {}) {
	        return new Rule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.when = source["when"];
	        this.do = source["do"];
	        this.scene = source["scene"];
	        this.source = source["source"];
	        this.filter = source["filter"];
	    }
	}
	
	export class Version {
	    obs: string;
	    web_socket: string;
	
	    static createFrom(source: any = {}) {
	        return new Version(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.obs = source["obs"];
	        this.web_socket = source["web_socket"];
	    }
	}
	export class Status {
	    state: string;
	    message: string;
	    url: string;
	    version?: Version;
	    unavailable?: Record<string, string>;
	    problem?: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.message = source["message"];
	        this.url = source["url"];
	        this.version = this.convertValues(source["version"], Version);
	        this.unavailable = source["unavailable"];
	        this.problem = source["problem"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace osc {
	
	export class Status {
	    addr: string;
	    sent: number;
	    failed: number;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.addr = source["addr"];
	        this.sent = source["sent"];
	        this.failed = source["failed"];
	        this.problem = source["problem"];
	    }
	}

}

export namespace overlay {
	
	export class ParsedURL {
	    saved?: string;
	    options: Record<string, string>;
	    problems?: string[];
	
	    static createFrom(source: any = {}) {
	        return new ParsedURL(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.saved = source["saved"];
	        this.options = source["options"];
	        this.problems = source["problems"];
	    }
	}

}

export namespace screens {
	
	export class AlertSettings {
	    saved: alert.Thresholds;
	    in_use: alert.Thresholds;
	    flags: alert.Thresholds;
	    now?: alert.Alert;
	
	    static createFrom(source: any = {}) {
	        return new AlertSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.saved = this.convertValues(source["saved"], alert.Thresholds);
	        this.in_use = this.convertValues(source["in_use"], alert.Thresholds);
	        this.flags = this.convertValues(source["flags"], alert.Thresholds);
	        this.now = this.convertValues(source["now"], alert.Alert);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackgroundSettings {
	    autostart: boolean;
	    start_minimised: boolean;
	    tray: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackgroundSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.autostart = source["autostart"];
	        this.start_minimised = source["start_minimised"];
	        this.tray = source["tray"];
	    }
	}
	export class Choice {
	    value: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new Choice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.label = source["label"];
	    }
	}
	export class HistoryInfo {
	    record: boolean;
	    recording: boolean;
	    off_by_flag: boolean;
	    dir: string;
	    keep_days: number;
	    max_bpm: number;
	    default_keep_days: number;
	    default_max_bpm: number;
	    zones: history.Zone[];
	
	    static createFrom(source: any = {}) {
	        return new HistoryInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.record = source["record"];
	        this.recording = source["recording"];
	        this.off_by_flag = source["off_by_flag"];
	        this.dir = source["dir"];
	        this.keep_days = source["keep_days"];
	        this.max_bpm = source["max_bpm"];
	        this.default_keep_days = source["default_keep_days"];
	        this.default_max_bpm = source["default_max_bpm"];
	        this.zones = this.convertValues(source["zones"], history.Zone);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OBSFlags {
	    url: string;
	    text_source: string;
	    alert_scene: string;
	
	    static createFrom(source: any = {}) {
	        return new OBSFlags(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.text_source = source["text_source"];
	        this.alert_scene = source["alert_scene"];
	    }
	}
	export class OBSForm {
	    on?: boolean;
	    url?: string;
	    text_source?: string;
	    rules?: obs.Rule[];
	    has_password: boolean;
	    password_from_env: boolean;
	    flags: OBSFlags;
	    status: obs.Status;
	    default_url: string;
	    moments: Choice[];
	    effects: Choice[];
	    alerts: alert.Thresholds;
	
	    static createFrom(source: any = {}) {
	        return new OBSForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.url = source["url"];
	        this.text_source = source["text_source"];
	        this.rules = this.convertValues(source["rules"], obs.Rule);
	        this.has_password = source["has_password"];
	        this.password_from_env = source["password_from_env"];
	        this.flags = this.convertValues(source["flags"], OBSFlags);
	        this.status = this.convertValues(source["status"], obs.Status);
	        this.default_url = source["default_url"];
	        this.moments = this.convertValues(source["moments"], Choice);
	        this.effects = this.convertValues(source["effects"], Choice);
	        this.alerts = this.convertValues(source["alerts"], alert.Thresholds);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OSCSettings {
	    on: boolean;
	    addr: string;
	    chatbox: boolean;
	    chatbox_template: string;
	    parameters: string;
	    flag: string;
	    sending: osc.Status;
	    default_addr: string;
	    default_template: string;
	
	    static createFrom(source: any = {}) {
	        return new OSCSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.addr = source["addr"];
	        this.chatbox = source["chatbox"];
	        this.chatbox_template = source["chatbox_template"];
	        this.parameters = source["parameters"];
	        this.flag = source["flag"];
	        this.sending = this.convertValues(source["sending"], osc.Status);
	        this.default_addr = source["default_addr"];
	        this.default_template = source["default_template"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SettingsForm {
	    overlay_addr?: string;
	    overlay_lan?: boolean;
	    signal_timeout_seconds?: number;
	    client_id?: string;
	    start_minimised?: boolean;
	    history_off?: boolean;
	    history_days?: number;
	    max_heart_rate?: number;
	    text_file?: string;
	    text_file_offline?: string;
	    alert_high?: number;
	    alert_low?: number;
	    osc?: boolean;
	    osc_addr?: string;
	    osc_chatbox?: boolean;
	    osc_chatbox_template?: string;
	    osc_parameters?: string;
	    overlays?: config.SavedOverlay[];
	    obs?: config.OBSSettings;
	    strap?: ble.Strap;
	    use_strap?: boolean;
	    client_id_from_env: boolean;
	    default_overlay_addr: string;
	    default_signal_timeout_seconds: number;
	    overlay_addr_flag?: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingsForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.overlay_addr = source["overlay_addr"];
	        this.overlay_lan = source["overlay_lan"];
	        this.signal_timeout_seconds = source["signal_timeout_seconds"];
	        this.client_id = source["client_id"];
	        this.start_minimised = source["start_minimised"];
	        this.history_off = source["history_off"];
	        this.history_days = source["history_days"];
	        this.max_heart_rate = source["max_heart_rate"];
	        this.text_file = source["text_file"];
	        this.text_file_offline = source["text_file_offline"];
	        this.alert_high = source["alert_high"];
	        this.alert_low = source["alert_low"];
	        this.osc = source["osc"];
	        this.osc_addr = source["osc_addr"];
	        this.osc_chatbox = source["osc_chatbox"];
	        this.osc_chatbox_template = source["osc_chatbox_template"];
	        this.osc_parameters = source["osc_parameters"];
	        this.overlays = this.convertValues(source["overlays"], config.SavedOverlay);
	        this.obs = this.convertValues(source["obs"], config.OBSSettings);
	        this.strap = this.convertValues(source["strap"], ble.Strap);
	        this.use_strap = source["use_strap"];
	        this.client_id_from_env = source["client_id_from_env"];
	        this.default_overlay_addr = source["default_overlay_addr"];
	        this.default_signal_timeout_seconds = source["default_signal_timeout_seconds"];
	        this.overlay_addr_flag = source["overlay_addr_flag"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StrapInfo {
	    strap?: ble.Strap;
	    use_strap: boolean;
	    flag: boolean;
	    reading: boolean;
	    scan_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new StrapInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.strap = this.convertValues(source["strap"], ble.Strap);
	        this.use_strap = source["use_strap"];
	        this.flag = source["flag"];
	        this.reading = source["reading"];
	        this.scan_ms = source["scan_ms"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TextFileInfo {
	    path: string;
	    offline: string;
	    flag: string;
	    in_use: string;
	    default_offline: string;
	    suggested: string;
	
	    static createFrom(source: any = {}) {
	        return new TextFileInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.offline = source["offline"];
	        this.flag = source["flag"];
	        this.in_use = source["in_use"];
	        this.default_offline = source["default_offline"];
	        this.suggested = source["suggested"];
	    }
	}

}

export namespace service {
	
	export enum Event {
	    Account = "beatcast:account",
	    Alert = "beatcast:alert",
	    Beat = "beatcast:beat",
	    CloseAsked = "beatcast:close-asked",
	    Notice = "beatcast:notice",
	    OBS = "beatcast:obs",
	    Recent = "beatcast:recent",
	    SignIn = "beatcast:signin",
	    Status = "beatcast:status",
	    StrapFound = "beatcast:strap-found",
	    StreamEnded = "beatcast:stream-ended",
	}
	export class SavedOverlay {
	    name: string;
	    options: Record<string, string>;
	    url: string;
	    local_file: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedOverlay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.options = source["options"];
	        this.url = source["url"];
	        this.local_file = source["local_file"];
	    }
	}

}

