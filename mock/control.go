package mock

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	adminuserssession "github.com/slack-contracts/admin-users-session"
)

// controlError is the answer of the control API when it refuses a request.
type controlError struct {
	OK      bool   `json:"ok"`      // always false
	Error   string `json:"error"`   // a code, such as invalid_fixture
	Message string `json:"message"` // what is wrong, for people
}

// sessionList is the answer of GET /_mock/sessions.
type sessionList struct {
	Sessions []Session `json:"sessions"`
}

// okAnswer is the answer of the control API when a change succeeded.
type okAnswer struct {
	OK bool `json:"ok"`
}

// routeControl adds the control API and the spec.
func (s *Server) routeControl(e *echo.Echo) {
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", []byte(adminuserssession.OpenAPI()))
	})
	g := e.Group("/_mock")
	g.GET("/sessions", func(c echo.Context) error {
		return c.JSON(http.StatusOK, sessionList{Sessions: s.store.Sessions(c.QueryParam("user_id"), c.QueryParam("team_id"))})
	})
	g.GET("/fixture", func(c echo.Context) error {
		return c.JSON(http.StatusOK, s.store.Fixture())
	})
	g.POST("/fixture", func(c echo.Context) error {
		body := http.MaxBytesReader(c.Response(), c.Request().Body, s.maxFixture)
		f, err := ParseFixture(body)
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fixture", err.Error())
		}
		s.store.Load(f)
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	})
	g.POST("/reset", func(c echo.Context) error {
		s.Reset()
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	})
}

// writeControlError answers a refused control request: its HTTP status, a code and a message.
func writeControlError(c echo.Context, status int, code, message string) error {
	return c.JSON(status, controlError{Error: code, Message: message})
}

// statusCode turns an HTTP status into a control error code: 404 is not_found.
func statusCode(status int) string {
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}
