package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/slack-contracts/admin-users-session/gen"
)

// Identity is who a token is, as auth.test answers.
type Identity struct {
	// URL, Team and TeamID are the workspace's address, name and id, such as
	// https://acme.slack.com/; for a token of an org-wide install (IsEnterpriseInstall), the
	// org's, such as https://acme.enterprise.slack.com/ and E….
	URL          string
	Team, TeamID string
	User, UserID string // the user's name and id
	EnterpriseID string // the org's id, for an Enterprise Grid org
	BotID        string // the bot's id, for a bot token
	// IsEnterpriseInstall says the token was installed for the whole org.
	IsEnterpriseInstall bool
	// Scopes are the token's scopes, from the answer's X-OAuth-Scopes header.
	Scopes []string
}

// authTestResult reads auth.test's answer and its scopes header.
type authTestResult struct {
	gen.AuthTestAnswer
	scopes []string
}

func (r *authTestResult) readHeader(h http.Header) {
	for _, s := range strings.Split(h.Get("X-OAuth-Scopes"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			r.scopes = append(r.scopes, s)
		}
	}
}

// AuthTest tells who the client's token is, and checks that Slack takes it. It calls
// Slack's auth.test (https://docs.slack.dev/reference/methods/auth.test); any valid token
// may, whatever its scopes.
func (c *Client) AuthTest(ctx context.Context) (Identity, error) {
	var r authTestResult
	err := c.call(ctx, MethodAuthTest, &r, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AuthTestWithFormdataBody(ctx, gen.AuthTestForm{})
	})
	if err != nil {
		return Identity{}, err
	}
	a := r.AuthTestAnswer
	return Identity{URL: deref(a.URL), Team: deref(a.Team), TeamID: deref(a.TeamID), User: deref(a.User),
		UserID: deref(a.UserID), EnterpriseID: deref(a.EnterpriseID), BotID: deref(a.BotID),
		IsEnterpriseInstall: deref(a.IsEnterpriseInstall), Scopes: r.scopes}, nil
}
