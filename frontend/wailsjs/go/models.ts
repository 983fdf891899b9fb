export namespace config {
	
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
	    overlays?: SavedOverlay[];
	
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
	        this.overlays = this.convertValues(source["overlays"], SavedOverlay);
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

export namespace heartrate {
	
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
	
	    static createFrom(source: any = {}) {
	        return new Beat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bpm = source["bpm"];
	        this.measured_at = source["measured_at"];
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
	    source?: string;
	    reason?: string;
	    message?: string;
	    attempt?: number;
	    retry_at?: number;
	    since?: number;
	    last_beat_at?: number;
	
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

export namespace main {
	
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
	export class BuildInfo {
	    version: string;
	    commit: string;
	    development: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BuildInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.development = source["development"];
	    }
	}
	export class SettingsForm {
	    overlay_addr?: string;
	    overlay_lan?: boolean;
	    signal_timeout_seconds?: number;
	    client_id?: string;
	    start_minimised?: boolean;
	    overlays?: config.SavedOverlay[];
	    client_id_from_env: boolean;
	    default_overlay_addr: string;
	    default_signal_timeout_seconds: number;
	
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
	        this.overlays = this.convertValues(source["overlays"], config.SavedOverlay);
	        this.client_id_from_env = source["client_id_from_env"];
	        this.default_overlay_addr = source["default_overlay_addr"];
	        this.default_signal_timeout_seconds = source["default_signal_timeout_seconds"];
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

export namespace service {
	
	export enum Event {
	    Account = "beatcast:account",
	    Beat = "beatcast:beat",
	    Notice = "beatcast:notice",
	    SignIn = "beatcast:signin",
	    Status = "beatcast:status",
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

export namespace session {
	
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

