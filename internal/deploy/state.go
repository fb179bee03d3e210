package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// stateFile is the JSON of StateKey.
type stateFile struct {
	Version int               `json:"version"`
	Objects map[string]Object `json:"objects"`
}

// encodeState is the JSON of the state, keys sorted (as encoding/json
// writes maps), so the same state gives the same bytes.
func encodeState(state map[string]Object) ([]byte, error) {
	return json.MarshalIndent(stateFile{Version: 1, Objects: state}, "", " ")
}

func decodeState(data []byte) (map[string]Object, error) {
	var s stateFile
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", StateKey, err)
	}
	if s.Version != 1 {
		return nil, fmt.Errorf("%s: version %d, want 1", StateKey, s.Version)
	}
	return s.Objects, nil
}

// SiteBaseURL is base_url of the site's content/site.yaml, or "".
func SiteBaseURL(source string) string {
	var site struct {
		BaseURL string `yaml:"base_url"`
	}
	data, err := os.ReadFile(filepath.Join(source, "content", "site.yaml"))
	if err != nil || yaml.Unmarshal(data, &site) != nil {
		return ""
	}
	return site.BaseURL
}
