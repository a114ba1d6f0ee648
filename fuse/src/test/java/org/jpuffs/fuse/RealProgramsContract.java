package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Real programs on a FUSE mount: what each test checks is what the program itself reports (exit codes, its own
 * verification), plus the file system's answers compared with what POSIX says they must be.
 */
abstract class RealProgramsContract {

  abstract FuseFixture fs();

  /** The stress-ng stressors and their op counts for this server. */
  abstract String stressors();

  @Test
  void echoThenCatReadsBackWhatWasWritten() {
    assertEquals("hello fuse\n", fs().sh("mkdir -p echo && echo 'hello fuse' > echo/a.txt && cat echo/a.txt"));
  }

  @Test
  void mkdirPTouchDStatAndFindAgree() {
    String out = fs().sh("mkdir -p t1/x/y/z; touch -d '2001-02-03 04:05:06 UTC' t1/x/y/z/f;"
        + " stat -c '%Y %s %F' t1/x/y/z/f; find t1 | sort");
    assertEquals("981173106 0 regular empty file\nt1\nt1/x\nt1/x/y\nt1/x/y/z\nt1/x/y/z/f\n", out);
  }

  @Test
  void cpMvLnAndRmRKeepNamesLinksAndContent() {
    String out = fs().sh(String.join("\n",
        "mkdir -p cu && cd cu",
        "head -c 300000 /dev/urandom > src.bin",
        "cp src.bin copy.bin && cmp src.bin copy.bin",
        "mv copy.bin moved.bin && test ! -e copy.bin && cmp src.bin moved.bin",
        "ln moved.bin hard.bin",
        "ln -s moved.bin soft.bin",
        "stat -c '%h' moved.bin",
        "test \"$(stat -c %i moved.bin)\" = \"$(stat -c %i hard.bin)\" && echo same-inode",
        "readlink soft.bin",
        "cmp src.bin soft.bin && echo via-symlink",
        "mkdir -p tree/a/b && echo x > tree/a/b/f && rm -r tree && test ! -e tree && echo removed"));
    assertEquals("2\nsame-inode\nmoved.bin\nvia-symlink\nremoved\n", out);
  }

  @Test
  void chmodChownTruncateAndDuShowInStat() {
    String out = fs().sh(String.join("\n",
        "mkdir -p ct && cd ct",
        "echo data > f",
        "chmod 640 f && stat -c '%a' f",
        "chown 1234:4321 f && stat -c '%u:%g' f",
        "truncate -s 1M f && stat -c '%s' f",
        "truncate -s 3 f && cat f && echo",
        "head -c 65536 /dev/zero > g && du -k --apparent-size g | cut -f1"));
    assertEquals("640\n1234:4321\n1048576\ndat\n64\n", out);
  }

  @Test
  void tarOfATreeInAndOutIsByteIdentical() {
    fs().sh(String.join("\n",
        "src=$(mktemp -d) && out=$(mktemp -d)",
        "mkdir -p $src/tree/d1/d2 $src/tree/empty",
        "for i in $(seq 1 40); do head -c $((i * 977)) /dev/urandom > $src/tree/d1/f$i; done",
        "head -c 2000000 /dev/urandom > $src/tree/d1/d2/big",
        "ln -s d1/f1 $src/tree/link && ln $src/tree/d1/f2 $src/tree/hard",
        "tar -C $src -cf - tree | tar -xf - -C .",
        "diff -r $src/tree tree",
        "tar -cf - tree | tar -xf - -C $out",
        "diff -r $src/tree $out/tree",
        "(cd $src && find tree -type f -exec sha256sum {} + | sort) > $out/a",
        "(find tree -type f -exec sha256sum {} + | sort) > $out/b",
        "cmp $out/a $out/b",
        "rm -rf $src $out tree"));
  }

  @Test
  void gitInitAddCommitLog() {
    String out = fs().sh(String.join("\n",
        "mkdir -p repo && cd repo",
        "git init -q -b main .",
        "git config user.email t@example.org && git config user.name tester",
        "echo one > a && mkdir sub && echo two > sub/b",
        "git add -A && git commit -q -m first",
        "echo three >> a && git commit -q -am second",
        "git log --format=%s",
        "git fsck --strict 2>&1 | grep -c error || true",
        "git status --porcelain | wc -l"));
    assertEquals("second\nfirst\n0\n0\n", out);
  }

  @Test
  void fioVerifiesRandomWrites() {
    String out = fs().sh("mkdir -p fio && fio --name=verify --directory=fio --rw=randwrite --bs=4k --size=8m"
        + " --ioengine=psync --verify=crc32c --do_verify=1 --verify_fatal=1 --output-format=terse"
        + " --terse-version=3 | cut -d';' -f5");
    assertEquals("0\n", out, "fio's error field");
  }

  @Test
  void stressNgVerifies() {
    String out = fs().sh("mkdir -p sng && stress-ng " + stressors() + " --verify --temp-path sng 2>&1 | tail -3");
    assertTrue(out.contains("successful run completed"), out);
  }
}
