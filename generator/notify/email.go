package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"html/template"
	"net/textproto"
	"net/url"

	"github.com/wneessen/go-mail"
)

// sendMail sends m as one email to the channel's list: plain text with an
// HTML alternative, the state and title in the subject. The Message-ID
// is made from the feed item ID, so a list or a mail client that sees the
// same update twice can tell; References ties the updates of one
// incident into a thread.
func (c *channel) sendMail(ctx context.Context, m *Message) error {
	msg, err := c.mailMessage(m)
	if err != nil {
		return permanentError{err}
	}
	opts := []mail.Option{
		mail.WithPort(c.n.Port),
		mail.WithTimeout(attemptTimeout),
		mail.WithTLSConfig(&tls.Config{ServerName: c.n.Host, RootCAs: c.opts.RootCAs, MinVersion: tls.VersionTLS12}),
	}
	if c.n.TLS == "tls" {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(c.user), mail.WithPassword(c.pass))
	}
	client, err := mail.NewClient(c.n.Host, opts...)
	if err != nil {
		return permanentError{err}
	}
	err = client.DialAndSendWithContext(ctx, msg)
	var se *mail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
		return permanentError{err}
	}
	// A 5xx reply outside sending (a refused login: 535) will not change
	// by asking again, and repeated failed logins can lock the account.
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanentError{err}
	}
	return err
}

func (c *channel) mailMessage(m *Message) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.From(c.n.From); err != nil {
		return nil, err
	}
	if err := msg.To(c.n.To...); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	host := "statuspress"
	if u, err := url.Parse(c.opts.Model.Site.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	msg.SetMessageIDWithValue(mailID(m.ID) + "@" + host)
	msg.SetGenHeader(mail.HeaderReferences, "<"+mailID(m.Slug)+"@"+host+">")
	msg.SetGenHeader("X-Statuspress-Delivery", m.ID)
	msg.SetGenHeader("Auto-Submitted", "auto-generated") // no auto-replies (RFC 3834)
	msg.SetDateWithValue(c.opts.Now())
	msg.SetBodyString(mail.TypeTextPlain, m.Text()+"\n--\n"+m.footer+"\n")
	html, err := mailHTML(m)
	if err != nil {
		return nil, err
	}
	msg.AddAlternativeString(mail.TypeTextHTML, html)
	return msg, nil
}

func mailID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}

var mailTemplate = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:sans-serif;line-height:1.5;max-width:40em">
<h1 style="font-size:1.25em">{{.Subject}}</h1>
{{.HTMLBody}}
{{- if .Facts}}
<table>
{{- range .Facts}}
<tr><th style="text-align:left;padding-right:1em;vertical-align:top">{{.Label}}</th><td>{{.Value}}</td></tr>
{{- end}}
</table>
{{- end}}
<p><a href="{{.Link}}">{{.View}}</a></p>
<hr>
<p style="font-size:.875em;color:#555">{{.Footer}}</p>
</body></html>
`))

func mailHTML(m *Message) (string, error) {
	var buf bytes.Buffer
	err := mailTemplate.Execute(&buf, struct {
		*Message
		HTMLBody     template.HTML
		View, Footer string
	}{m, m.htmlBody(), m.viewText, m.footer})
	return buf.String(), err
}
