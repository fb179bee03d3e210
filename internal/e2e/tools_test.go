package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The quality gates use tools from outside Go: the Nu Html Checker (npm
// vnu-jar, run on the machine's Java), axe-core (npm) and xmllint (Debian
// libxml2-utils). .ci/run installs the npm packages into .ci/node_modules
// from .ci/package.json and package-lock.json, and the Debian ones with apt.

// nodeModules is .ci/node_modules of the repository, seen from this folder.
const nodeModules = "../../.ci/node_modules"

// needTool skips the test, saying why and how to get the tool, when ok is
// false; under CI=true a missing tool is a failure of .ci/run instead.
func needTool(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	reason := what + " is missing; `bash .ci/run` installs it"
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; in CI that is a failure of .ci/run, not a reason to skip", reason)
	}
	t.Skip(reason)
}

// vnuJar returns the path of vnu.jar and the java command to run it with.
func vnuJar(t *testing.T) (java, jar string) {
	t.Helper()
	jar, err := filepath.Abs(filepath.Join(nodeModules, "vnu-jar", "build", "dist", "vnu.jar"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = os.Stat(jar)
	needTool(t, err == nil, "the Nu Html Checker ("+jar+", npm vnu-jar)")
	java, err = exec.LookPath("java")
	needTool(t, err == nil, "java (Debian default-jre-headless)")
	return java, jar
}

// axeSource returns the text of axe.min.js.
func axeSource(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(nodeModules, "axe-core", "axe.min.js"))
	needTool(t, err == nil, "axe-core ("+nodeModules+"/axe-core/axe.min.js, npm axe-core)")
	return string(data)
}

// xmllint returns the path of xmllint.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	needTool(t, err == nil, "xmllint (Debian libxml2-utils)")
	return p
}

// artifactsDir is where the gates keep screenshots for CI to collect:
// $GONGKAI_ARTIFACTS, or internal/e2e/artifacts (gitignored).
func artifactsDir(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("GONGKAI_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	dir, err := filepath.Abs(filepath.Join(dir, sub))
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
