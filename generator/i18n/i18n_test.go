package i18n

import (
	"testing"
	"testing/fstest"
)

func TestMessages(t *testing.T) {
	theme := fstest.MapFS{
		"i18n/en.toml": {Data: []byte("nav_home = \"Home\"\nstatus_resolved = \"Resolved\"\n[messages]\ntitle-empty = \"title is empty\"\nonly-en = \"only %d\"\n")},
		"i18n/ja.toml": {Data: []byte("nav_home = \"ホーム\"\nstatus_resolved = \"復旧\"\n[messages]\ntitle-empty = \"title が空です\"\n[message_words]\n\"IPv4 address\" = \"IPv4 アドレス\"\n")},
	}
	ja, err := Load(theme, "ja")
	if err != nil {
		t.Fatal(err)
	}
	if got := ja.T("nav_home"); got != "ホーム" {
		t.Errorf("page strings still load: nav_home = %q", got)
	}
	english, local, words := ja.Messages()
	if english["title-empty"] != "title is empty" || english["only-en"] != "only %d" {
		t.Errorf("english = %v", english)
	}
	if local["title-empty"] != "title が空です" || local["only-en"] != "" {
		t.Errorf("local = %v", local)
	}
	if words["IPv4 address"] != "IPv4 アドレス" || words["status_resolved"] != "復旧" {
		t.Errorf("words = %v", words)
	}
	en, err := Load(theme, "en")
	if err != nil {
		t.Fatal(err)
	}
	if english, local, _ := en.Messages(); english["title-empty"] != "title is empty" || local["title-empty"] != "title is empty" {
		t.Errorf("en: english = %v, local = %v", english, local)
	}
	bad := fstest.MapFS{"i18n/en.toml": {Data: []byte("[other]\nx = \"y\"\n")}}
	if _, err := Load(bad, "en"); err == nil {
		t.Error("an unknown table loads without error")
	}
}
