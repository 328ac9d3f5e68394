// Functions transcribed from kubestash/apimachinery@0116a4cb (pkg/utils.go ResolveWithInputs,
// pkg/version.go FindAppropriateAddonVersion), because the module kubestash.dev/apimachinery is
// not served by the Go module proxy. Written again from reading upstream's code, with the same
// behaviour: the same modules (gomodules.xyz/envsubst, github.com/Masterminds/semver/v3),
// the same regular expressions, the same table, the same (unstable) sort.Slice, and the same
// iteration over a Go map for the fixed table.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/Masterminds/semver/v3"
	"gomodules.xyz/envsubst"
)

// resolveWithInputs marshals obj to JSON, runs envsubst.EvalMap over the text and unmarshals
// the result back into obj (upstream's ResolveWithInputs).
func resolveWithInputs(obj any, inputs map[string]string) error {
	text, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	out, err := envsubst.EvalMap(string(text), inputs)
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(out), obj)
}

var versionInText = regexp.MustCompile(`\b\d+\.\d+(\.\d+)?\b`)

type fixedKey struct{ dbVersionRegex, funcNameRegex string }

// The fixed table of upstream, a Go map: when two entries match, the answer depends on
// the map's iteration order (a documented divergence).
var fixedTable = map[fixedKey]string{
	{"7.0.*", "mongodb-(backup|restore)"}:              "6.0.5",
	{"5.7.*", "mysql-physical-(backup|restore)"}:       "2.4.29",
	{"10.4.*", "mariadb-physical-(backup|restore)"}:    "10.4.32-focal",
	{"10.5.*", "mariadb-physical-(backup|restore)"}:    "10.6.16-focal",
	{"10.6.*", "mariadb-physical-(backup|restore)"}:    "10.6.16-focal",
	{"10.10.*", "mariadb-physical-(backup|restore)"}:   "10.11.6-jammy",
	{"10.11.*", "mariadb-physical-(backup|restore)"}:   "10.11.6-jammy",
	{"11.*.*", "mariadb-physical-(backup|restore)"}:    "11.1.3-jammy",
	{`^17\.9-percona$`, "postgres-.*(backup|restore)"}: "17.9-percona",
}

// fixedTableMatches returns every entry matching (as upstream's loop would find them in some
// map order): the oracle reports ambiguity instead of a random pick.
func fixedTableMatches(funcName, dbVersion string) []string {
	var found []string
	for k, v := range fixedTable {
		if regexp.MustCompile(k.funcNameRegex).MatchString(funcName) &&
			regexp.MustCompile(k.dbVersionRegex).MatchString(dbVersion) {
			found = append(found, v)
		}
	}
	sort.Strings(found)
	return found
}

// errAmbiguous marks a fixed-table lookup where upstream's answer is random.
var errAmbiguous = errors.New("ambiguous")

func isAmbiguous(err error) bool { return errors.Is(err, errAmbiguous) }

func fixedTableLookup(funcName, dbVersion string) (string, bool, error) {
	found := fixedTableMatches(funcName, dbVersion)
	switch {
	case len(found) == 0:
		return "", false, nil
	case len(found) > 1 && found[0] != found[len(found)-1]:
		return "", true, fmt.Errorf("%w: the fixed table gives %v for db version %q and function %q", errAmbiguous, found, dbVersion, funcName)
	default:
		return found[0], true, nil
	}
}

// findAppropriateAddonVersion chooses ${DB_VERSION} (upstream's FindAppropriateAddonVersion).
func findAppropriateAddonVersion(addonVersions []string, dbVersion, funcName string) (string, error) {
	if len(addonVersions) == 0 {
		return "", fmt.Errorf("available list of addon-versions can't be empty")
	}
	if av, found, err := fixedTableLookup(funcName, dbVersion); found || err != nil {
		return av, err
	}
	dbVersion = versionInText.FindString(dbVersion)
	if av, found, err := fixedTableLookup(funcName, dbVersion); found || err != nil {
		return av, err
	}
	db, err := semver.NewVersion(dbVersion)
	if err != nil {
		return "", err
	}
	type entry struct {
		major, minor, patch uint64
		isDB                int
		text                string
	}
	entries := make([]entry, 0, len(addonVersions)+1)
	for _, av := range addonVersions {
		v, err := semver.NewVersion(versionInText.FindString(av))
		if err != nil {
			return "", err
		}
		entries = append(entries, entry{major: v.Major(), minor: v.Minor(), patch: v.Patch(), text: av})
	}
	entries = append(entries, entry{major: db.Major(), minor: db.Minor(), patch: db.Patch(), isDB: 1})
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.major != b.major {
			return a.major < b.major
		}
		if a.minor != b.minor {
			return a.minor < b.minor
		}
		if a.patch != b.patch {
			return a.patch < b.patch
		}
		return a.isDB < b.isDB
	})
	for i, e := range entries {
		if e.isDB != 1 {
			continue
		}
		if i > 0 {
			if e.major != entries[i-1].major && i+1 < len(entries) {
				return entries[i+1].text, nil
			}
			return entries[i-1].text, nil
		}
		return entries[i+1].text, nil
	}
	return "", fmt.Errorf("no addon version found for db version %s", dbVersion)
}
