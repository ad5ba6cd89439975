"""The demo fixture's tokens, users and sessions (mock/demo.json), by what the tests use them for."""

ADMIN = "xoxp-demo-admin"  # W0ADMIN01, an org admin: admin.users:read and :write
OWNER = "xoxp-demo-owner"  # W0OWNER01, the primary owner
MEMBER = "xoxp-demo-member"  # W0ALICE01, not an admin
READONLY = "xoxp-demo-readonly"  # W0ADMIN01 with admin.users:read only
WRITEONLY = "xoxp-demo-writeonly"  # W0ADMIN01 with admin.users:write only
REVOKED = "xoxp-demo-revoked"
EXPIRED = "xoxp-demo-expired"
INACTIVE = "xoxp-demo-inactive"  # the token of a deleted user
BOT = "xoxb-demo-bot"  # W0BOT0001, a bot
UNKNOWN = "xoxp-no-such-token"

READ = "admin.users:read"
WRITE = "admin.users:write"

ORG = "E0DEMO001"
TEAM_1 = "T0DEMO001"  # acme
TEAM_2 = "T0DEMO002"  # acme-labs

ADMIN_USER = "W0ADMIN01"
OWNER_USER = "W0OWNER01"
ALICE = "W0ALICE01"
BOB = "W0BOB0001"
BOT_USER = "W0BOT0001"
NOBODY = "W0NOBODY1"

# Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
BOB_MOBILE = 1112275520242
BOB_WEB_2 = 1112275520243
BOB_WEB_1 = 1112275520244
ALL_OF_BOB = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1]
# Alice: a mobile and a web session in T0DEMO001; the primary owner and the admin one each.
ALICE_MOBILE = 2220000000001
ALICE_WEB = 2220000000002
OWNER_WEB = 3330000000001
ADMIN_WEB = 4440000000001
