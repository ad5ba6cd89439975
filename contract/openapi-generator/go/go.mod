module github.com/slack-contracts/admin-users-session/contract/openapi-generator/go

go 1.25.0

require golang.org/x/oauth2 v0.27.0
