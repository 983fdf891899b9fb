package obs

import (
	"context"
	"errors"
	"fmt"
)

// job is one rule starting or ending, or (sync) a new session to bring
// up to date: the text, and every rule under way.
type job struct {
	rule  Rule
	start bool
	sync  bool
	done  chan<- error // hears the outcome (Try); may be nil
}

// work makes the requests, one at a time, until ctx ends.
func (c *Controller) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case j := <-c.jobs:
			c.run(ctx, j)
		}
		c.writeText(ctx)
	}
}

// run does one job on the session now; without one, a rule's moment
// passes unseen (the next session starts what is under way then).
func (c *Controller) run(ctx context.Context, j job) {
	conn := c.session()
	if conn == nil {
		if j.done != nil {
			j.done <- errors.New("Beatcast is not connected to OBS.")
		}
		return
	}
	if j.sync {
		c.mu.Lock()
		c.sentText = "" // a new session: write the text again
		var under []Rule
		for i, r := range c.target.Rules {
			if c.active[i] && r.Do != MarkChapter {
				under = append(under, r)
			}
		}
		c.mu.Unlock()
		for _, r := range under {
			c.do(ctx, conn, r, true)
		}
		return
	}
	err := c.do(ctx, conn, j.rule, j.start)
	if j.done != nil {
		j.done <- err
	}
}

// do makes r's requests and shows the outcome.
func (c *Controller) do(ctx context.Context, conn *Conn, r Rule, start bool) error {
	if why := conn.Version().Unavailable(r.Do); why != "" {
		return errors.New(why)
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	err := c.apply(ctx, conn, r, start)
	c.unanswered(conn, err)
	if err != nil {
		problem := fmt.Sprintf("%s: %s", r.Describe(), says(err))
		c.log.Warn("OBS: an action failed", "action", r.Describe(), "start", start, "err", err)
		c.setProblem(problem)
		return errors.New(problem)
	}
	c.log.Info("OBS: action", "action", r.Describe(), "start", start)
	c.setProblem("")
	return nil
}

// apply makes the requests of r starting (or ending).
func (c *Controller) apply(ctx context.Context, conn *Conn, r Rule, start bool) error {
	switch r.Do {
	case SwitchScene:
		return c.switchScene(ctx, conn, r, start)
	case ShowSource, HideSource:
		var item struct {
			SceneItemID int `json:"sceneItemId"`
		}
		if err := conn.Request(ctx, "GetSceneItemId", map[string]any{"sceneName": r.Scene, "sourceName": r.Source}, &item); err != nil {
			return err
		}
		return conn.Request(ctx, "SetSceneItemEnabled", map[string]any{"sceneName": r.Scene, "sceneItemId": item.SceneItemID,
			"sceneItemEnabled": (r.Do == ShowSource) == start}, nil)
	case EnableFilter, DisableFilter:
		return conn.Request(ctx, "SetSourceFilterEnabled", map[string]any{"sourceName": r.Source, "filterName": r.Filter,
			"filterEnabled": (r.Do == EnableFilter) == start}, nil)
	case MarkChapter:
		if !start {
			return nil
		}
		return conn.Request(ctx, "CreateRecordChapter", map[string]any{"chapterName": "Heart rate: " + r.When.describe()}, nil)
	}
	return fmt.Errorf("obs: unknown effect %q", r.Do)
}

// switchScene makes r.Scene the program scene, remembering the one it
// replaced; at the end it goes back, unless the streamer has moved on.
func (c *Controller) switchScene(ctx context.Context, conn *Conn, r Rule, start bool) error {
	var now struct {
		Name string `json:"currentProgramSceneName"`
	}
	if err := conn.Request(ctx, "GetCurrentProgramScene", nil, &now); err != nil {
		return err
	}
	c.mu.Lock()
	back := c.back[r]
	if start {
		if now.Name != r.Scene {
			c.back[r] = now.Name
		}
	} else {
		delete(c.back, r)
	}
	c.mu.Unlock()
	switch {
	case start:
		return conn.Request(ctx, "SetCurrentProgramScene", map[string]any{"sceneName": r.Scene}, nil)
	case back == "" || now.Name != r.Scene: // nothing to go back to, or the streamer moved on
		return nil
	}
	return conn.Request(ctx, "SetCurrentProgramScene", map[string]any{"sceneName": back}, nil)
}

// writeText puts the heart rate in the text source if it changed.
func (c *Controller) writeText(ctx context.Context) {
	c.mu.Lock()
	source, text, sent := c.target.TextSource, c.text, c.sentText
	conn := c.conn
	c.mu.Unlock()
	if source == "" || conn == nil || text == "" || text == sent {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	err := conn.Request(ctx, "SetInputSettings", map[string]any{"inputName": source, "inputSettings": map[string]any{"text": text}}, nil)
	c.unanswered(conn, err)
	c.mu.Lock()
	if err == nil {
		c.sentText = text
	}
	c.mu.Unlock()
	if err != nil {
		c.setProblem(fmt.Sprintf("The text source %q: %s", source, says(err)))
	}
}

// unanswered gives up on a session whose request timed out: OBS is hung,
// and the link says so and connects again once it answers.
func (c *Controller) unanswered(conn *Conn, err error) {
	if errors.Is(err, context.DeadlineExceeded) {
		conn.Abandon(fmt.Errorf("%w: a request took over %v", ErrNoAnswer, requestTimeout))
	}
}

// says puts what went wrong in OBS in words.
func says(err error) string {
	var refused *RequestError
	switch {
	case errors.As(err, &refused) && refused.NotFound():
		return "OBS has no such scene, source or filter (renamed or deleted?). Pick it again in Settings → OBS."
	case errors.As(err, &refused) && refused.Comment != "":
		return "OBS refused: " + refused.Comment
	case errors.As(err, &refused):
		return fmt.Sprintf("OBS refused it (code %d).", refused.Code)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("OBS did not answer within %v.", requestTimeout)
	case errors.Is(err, errSessionEnded):
		return "the connection to OBS was lost."
	}
	return err.Error()
}
