// Command cleanup signs a user out of every Slack session seen from one IP address: it
// lists the org's sessions with admin.users.session.list and ends each match with
// admin.users.session.invalidate.
//
//	SLACK_TOKEN=xoxp-… cleanup W0BOB0001 203.0.113.7
//
// SLACK_API_URL points it elsewhere than Slack, such as at the mock: http://127.0.0.1:8080/api/.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/slack-contracts/admin-users-session/api"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cleanup:", err)
		os.Exit(1)
	}
}

// run ends the sessions of the user args[0] seen from the address args[1], and says which.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: cleanup USER_ID IP")
	}
	opts := []api.Option{}
	if u := getenv("SLACK_API_URL"); u != "" {
		opts = append(opts, api.WithBaseURL(u))
	}
	c, err := api.New(getenv("SLACK_TOKEN"), opts...)
	if err != nil {
		return err
	}
	n, err := endSessionsFrom(ctx, c, args[0], args[1])
	fmt.Fprintf(out, "ended %d sessions\n", n)
	return err
}

// endSessionsFrom ends every live session of userID created or last seen at ip, and
// answers how many it ended.
func endSessionsFrom(ctx context.Context, c *api.Client, userID, ip string) (int, error) {
	var ids []int64
	for s, err := range c.ListSessions(ctx, api.ListOptions{}) {
		if err != nil {
			return 0, err
		}
		if s.UserID == userID && (s.Created.IP == ip || (s.Recent != nil && s.Recent.IP == ip)) {
			ids = append(ids, s.SessionID)
		}
	}
	for i, id := range ids {
		if err := c.InvalidateSession(ctx, userID, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}
