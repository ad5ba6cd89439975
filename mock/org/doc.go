// Package org is the state of one Slack Enterprise Grid org as the mock keeps it, below HTTP:
// its domain (the Fixture document and its Enterprise, Teams, Users, Tokens and Sessions),
// the rules a fixture must keep (rules.go, one place for every check), fixture reading
// (ParseFixture, with a streaming reader for large JSON files), and the state itself (Org),
// behind one lock.
//
// Every Slack method the mock serves is one method of Tx, run with the lock held through
// Org.Read or Org.Change: it answers a result, or a *Refusal carrying the Slack error code
// and messages that the mock then writes as Slack would. The package knows nothing of HTTP,
// echo or the generated server; a second org is a second *Org.
package org
