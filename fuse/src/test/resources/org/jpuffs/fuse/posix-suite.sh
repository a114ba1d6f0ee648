#!/usr/bin/env bash
# The project's POSIX behaviour suite: run as root in an empty directory, it prints one line per check. The FUSE tests
# run it on a jpuffs mount and on a host directory and require the same output; error messages are cut to strerror.
set -u
umask 022
chmod 755 .

# run CMD...: "ok" or the error text, without the program's name and the path it names.
run() {
  local out
  if out=$("$@" 2>&1); then echo "ok"; else echo "${out##*: }"; fi
}
as() { # as UID GID[,GROUPS] CMD...: run as another user
  local uid=$1 groups=$2; shift 2
  setpriv --reuid="$uid" --regid="${groups%%,*}" --groups="${groups#*,}" "$@"
}
check() { printf '%-28s %s\n' "$1" "$2"; }

# hard links: the count through every name
echo x > h1; ln h1 h2; mkdir hd; ln h1 hd/h3
check "nlink 3 names" "$(stat -c %h h1) $(stat -c %h h2) $(stat -c %h hd/h3)"
rm h2; check "nlink after unlink" "$(stat -c %h h1) $(stat -c %h hd/h3)"
check "same inode" "$([ "$(stat -c %i h1)" = "$(stat -c %i hd/h3)" ] && echo yes)"
check "dir nlink" "$(mkdir -p dn/a dn/b dn/c && stat -c %h dn)"

# rename over existing files and directories
echo a > ra; echo b > rb; mv -T ra rb; check "rename over file" "$(cat rb) $(test -e ra || echo gone)"
mkdir rd1 rd2; echo f > rd1/f; check "rename dir over empty dir" "$(run mv -T rd1 rd2) $(cat rd2/f)"
mkdir rd3; echo g > rd3/g; mkdir rd4; check "rename dir over non-empty" "$(run mv -T rd4 rd2)"
check "rename file over dir" "$(echo c > rc; run perl -e 'rename("rc","rd3") or die "$!\n"')"
check "rename dir over file" "$(run perl -e 'rename("rd3","rc") or die "$!\n"')"
echo 1 > nr1; echo 2 > nr2; mv -n nr1 nr2; check "mv -n (RENAME_NOREPLACE)" "$(cat nr1) $(cat nr2)"
check "rename into own subdir" "$(run perl -e 'rename("rd2","rd2/sub") or die "$!\n"')"

# utimensat: UTIME_OMIT / UTIME_NOW per field
touch -d '2000-01-01 00:00:00 UTC' ut
touch -a -d '2010-01-01 00:00:00 UTC' ut
check "atime set, mtime omitted" "$(stat -c '%X %Y' ut)"
touch -m -d '2011-01-01 00:00:00 UTC' ut
check "mtime set, atime omitted" "$(stat -c '%X %Y' ut)"
before=$(date +%s); touch -m ut
check "mtime now, atime omitted" "$(stat -c %X ut) $([ "$(stat -c %Y ut)" -ge "$before" ] && echo now)"

# permissions under other users, with supplementary groups from /proc
echo secret > p600; chmod 600 p600
check "other reads 0600" "$(run as 1000 1000,1000 cat p600)"
echo grp > p040; chown 0:2000 p040; chmod 040 p040
check "supplementary group reads" "$(run as 1000 1000,2000 cat p040)"
check "without the group" "$(run as 1000 1000,1000 cat p040)"
mkdir pd; chmod 700 pd; check "search denied" "$(run as 1000 1000,1000 ls pd)"
check "chmod by non-owner" "$(run as 1000 1000,1000 chmod 777 p600)"
check "chown by non-root" "$(echo o > po; chown 1000:1000 po; run as 1000 1000,1000 chown 1001 po)"

# sticky directories
mkdir st; chmod 1777 st; as 1001 1001,1001 touch st/theirs; as 1000 1000,1000 touch st/mine
check "sticky: remove other's" "$(run as 1000 1000,1000 rm -f st/theirs)"
check "sticky: remove own" "$(run as 1000 1000,1000 rm -f st/mine)"
check "sticky: rename other's" "$(run as 1000 1000,1000 mv st/theirs st/moved)"

# O_EXCL, O_APPEND, O_TRUNC
echo e > ex
check "O_EXCL on existing" "$(run perl -MFcntl -e 'sysopen(F,"ex",O_CREAT|O_EXCL|O_WRONLY) or die "$!\n"')"
check "O_EXCL on new" "$(run perl -MFcntl -e 'sysopen(F,"ex2",O_CREAT|O_EXCL|O_WRONLY) or die "$!\n"')"
echo one > ap; echo two >> ap
perl -MFcntl -e 'sysopen(F,"ap",O_WRONLY|O_APPEND) or die; sysseek(F,0,0); syswrite(F,"three\n")'
check "O_APPEND" "$(tr '\n' ' ' < ap)"
echo long-content > tr; echo s > tr; check "O_TRUNC" "$(cat tr) $(stat -c %s tr)"

# ftruncate while open, unlink while open
check "ftruncate while open" "$(echo 0123456789 > ft; perl -e 'open(F,"+<","ft") or die; truncate(F,4) or die "$!\n"; seek(F,0,0); read(F,$b,100); print "$b ", (stat(F))[7]')"
check "unlink while open" "$(echo kept > uo; perl -e 'open(F,"+<","uo") or die; unlink("uo") or die; print "gone " unless -e "uo"; seek(F,0,2); print F "more\n"; seek(F,0,0); local $/; print join(" ", split /\n/, <F>)')"
check "unlink while open: fstat, ftruncate" "$(echo 0123456789 > uo2; perl -e 'open(F,"+<","uo2") or die; unlink("uo2") or die; my @s = stat(F); print "links $s[3] size $s[7] "; truncate(F,4) or die "$!\n"; @s = stat(F); print "size $s[7] "; seek(F,0,0); read(F,$b,100); print $b')"

# mkfifo / mknod
mkfifo fifo; check "mkfifo" "$(stat -c %F fifo)"
mknod cdev c 1 3; check "mknod char" "$(stat -c '%F %t:%T' cdev)"

# symlink loops, dangling links, name length
ln -s loop2 loop1; ln -s loop1 loop2
check "symlink loop" "$(run cat loop1)"
ln -s nowhere dangling; check "dangling symlink" "$(run cat dangling) $(readlink dangling)"
check "name of 255" "$(run touch "$(printf 'n%.0s' $(seq 1 255))")"
check "name of 256" "$(run touch "$(printf 'n%.0s' $(seq 1 256))")"

# POSIX record locks between two processes (F_SETLK, F_GETLK, unlock)
cat > /tmp/posix-suite-locks.$$.pl <<'PERL'
use strict; use Fcntl; $| = 1;
my $file = shift;
open(my $fh, "+>", $file) or die "open: $!";
# struct flock on x86_64: l_type, l_whence, pad, l_start, l_len, l_pid, pad
sub lk {
  my ($fh, $cmd, $type) = @_;
  my $s = pack("ssx4qqix4", $type, 0, 0, 0, 0);
  fcntl($fh, $cmd, $s) or return "$!";
  my @f = unpack("ssx4qqix4", $s);
  return "ok" if $cmd != F_GETLK;
  return $f[0] == F_UNLCK ? "unlocked" : $f[0] == F_WRLCK ? "write-locked" : "read-locked";
}
pipe(my $r1, my $w1); pipe(my $r2, my $w2);
my $pid = fork();
if ($pid == 0) {
  close $w1; close $r2; <$r1>;
  open(my $c, "+<", $file) or die;
  print $w2 join(" ", lk($c, F_SETLK, F_WRLCK), lk($c, F_GETLK, F_WRLCK)), "\n"; close $w2;
  <$r1>; print lk($c, F_SETLK, F_WRLCK), "\n"; exit 0;
}
close $r1; close $w2;
my $first = lk($fh, F_SETLK, F_WRLCK); print $w1 "go\n"; $w1->flush; my $line = <$r2>; chomp $line;
print "$first, other: $line, ", lk($fh, F_SETLK, F_UNLCK), ", other then: ";
close $w1; waitpid($pid, 0);
PERL
check "posix locks" "$(perl /tmp/posix-suite-locks.$$.pl lockfile | tr '\n' ' ')"
rm -f /tmp/posix-suite-locks.$$.pl

# When POSIX locks go: at the close of any of the owner's descriptors of the file (not only the locking one), and
# at the holder's exit
cat > /tmp/posix-suite-unlocks.$$.pl <<'PERL'
use strict; use Fcntl; $| = 1;
my $file = shift;
sub lk {
  my ($fh, $cmd, $type) = @_;
  my $s = pack("ssx4qqix4", $type, 0, 0, 0, 0);
  fcntl($fh, $cmd, $s) or return "$!";
  return "ok" if $cmd != F_GETLK;
  my @f = unpack("ssx4qqix4", $s);
  return $f[0] == F_UNLCK ? "unlocked" : $f[0] == F_WRLCK ? "write-locked" : "read-locked";
}
sub seen_by_another {
  my $pid = open(my $from, "-|") // die "fork: $!";
  if (!$pid) { open(my $c, "+<", $file) or die "open: $!"; print lk($c, F_GETLK, F_WRLCK); exit 0 }
  my $answer = <$from>; close $from; return $answer;
}
open(my $a, "+<", $file) or die "open: $!";
my $locked = lk($a, F_SETLK, F_WRLCK);
my $held = seen_by_another();
open(my $b, "<", $file) or die "open: $!"; close $b;
my $after_close = seen_by_another();
if (fork() == 0) { open(my $c, "+<", $file) or die; lk($c, F_SETLK, F_WRLCK); exit 0 }
wait;
print "$locked, held: $held, after closing another descriptor: $after_close, ",
    "after a holder's exit: ", lk($a, F_SETLK, F_WRLCK), "\n";
PERL
touch unlockfile
check "posix unlocks" "$(perl /tmp/posix-suite-unlocks.$$.pl unlockfile)"
rm -f /tmp/posix-suite-unlocks.$$.pl

# extended attributes, fallocate
touch xa; setfattr -n user.color -v blue xa
check "xattr set/get" "$(getfattr --only-values -n user.color xa)"
check "xattr list" "$(getfattr -d xa 2>/dev/null | grep -c user.color)"
check "xattr replace" "$(setfattr -n user.color -v red xa; getfattr --only-values -n user.color xa)"
setfattr -x user.color xa; check "xattr removed" "$(run getfattr -n user.color xa)"
fallocate -l 1M fa; check "fallocate" "$(stat -c %s fa)"
check "punch hole keeps size" "$(fallocate -p -o 0 -l 4096 fa && stat -c %s fa)"

# directories
check "rmdir non-empty" "$(run rmdir hd)"
check "unlink a directory" "$(run perl -e 'unlink("hd") or die "$!\n"')"
check "mkdir existing" "$(run mkdir hd)"
check "readdir" "$(mkdir ls; touch ls/b ls/a ls/c; ls -a ls | tr '\n' ' ')"
