#!/bin/bash
# make-debian-grub-cfg.sh SCENARIO OUT - run Debian's own grub-mkconfig (package
# grub2-common/grub-common, /etc/grub.d) against a fake /boot, in a private mount
# namespace so the host is not touched. grub-probe and grub-mkrelpath are replaced
# by stubs that describe a virtio disk: vda1 = /boot (scenario "xen": separate
# /boot with Xen 4.17 installed), vda2 = / (scenario "plain": /boot on the root fs).
# Run as root: unshare -m bash make-debian-grub-cfg.sh plain plain.grub.cfg
set -euo pipefail
scenario=$1 out=$2
ROOT_UUID=2b7c1e0a-5d43-4f6e-9c8b-1a2d3e4f5a6b
BOOT_UUID=9e8d7c6b-4a3f-4e21-b0c9-8f7e6d5c4b3a
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cat >"$work/bin/grub-probe" <<PROBE
#!/bin/bash
target= dev= path=
while [ \$# -gt 0 ]; do
	case \$1 in
	--target=*) target=\${1#--target=} ;;
	--device) dev=\$2; shift ;;
	-*) ;;
	*) path=\$1 ;;
	esac
	shift
done
if [ -z "\$dev" ]; then
	case \$path in
	/boot*) [ "$scenario" = xen ] && dev=/dev/vda1 || dev=/dev/vda2 ;;
	*) dev=/dev/vda2 ;;
	esac
fi
case \$dev in /dev/vda1) n=1 u=$BOOT_UUID ;; *) n=2 u=$ROOT_UUID ;; esac
case \$target in
device) echo \$dev ;;
fs_uuid) echo \$u ;;
fs) echo ext2 ;;
partmap) echo msdos ;;
abstraction|cryptodisk_uuid|fs_label|partuuid) ;;
drive) echo "(hd0,msdos\$n)" ;;
compatibility_hint) echo "hd0,msdos\$n" ;;
hints_string) echo "--hint-bios=hd0,msdos\$n --hint-efi=hd0,msdos\$n --hint-baremetal=ahci0,msdos\$n" ;;
*) echo "grub-probe stub: unknown target \$target" >&2; exit 1 ;;
esac
PROBE
cat >"$work/bin/grub-mkrelpath" <<RELPATH
#!/bin/bash
p=\$1
[ "$scenario" = xen ] && case \$p in /boot) p= ;; /boot/*) p=\${p#/boot} ;; esac
echo "\$p"
RELPATH
chmod +x "$work/bin/grub-probe" "$work/bin/grub-mkrelpath"
mount --bind "$work/bin/grub-probe" /usr/sbin/grub-probe
mount --bind "$work/bin/grub-mkrelpath" /usr/bin/grub-mkrelpath
# A fake /boot with what linux-image-6.1.0-x-amd64 (and xen-hypervisor-4.17-amd64) install.
mount -t tmpfs tmpfs /boot
for v in 6.1.0-25-amd64 6.1.0-28-amd64; do
	echo kernel >/boot/vmlinuz-$v
	echo initrd >/boot/initrd.img-$v
	printf 'CONFIG_XEN_DOM0=y\n' >/boot/config-$v
done
mkdir -p /boot/grub
if [ "$scenario" = xen ]; then
	# grub-file --is-x86-multiboot2 must recognise the hypervisor, as it does the
	# real one: a multiboot2 header (magic, arch i386, length, checksum, end tag).
	for f in xen-4.17-amd64.gz xen-4.17-amd64.efi; do
		printf '\xd6\x50\x52\xe8\x00\x00\x00\x00\x18\x00\x00\x00\x12\xaf\xad\x17\x00\x00\x00\x00\x08\x00\x00\x00' >/boot/$f
		head -c 4096 /dev/zero >>/boot/$f	# grub-file reads at least 32 bytes
	done
	echo 'CONFIG_XEN=y' >/boot/xen-4.17-amd64.config
fi
# Debian's /etc/default/grub as the grub package installs it (the template in grub2-common).
mount -t tmpfs tmpfs /etc/default
cp /usr/share/grub/default/grub /etc/default/grub
# With Xen, the override xen-hypervisor-common installs (XEN_CFG: its xen.cfg,
# from "apt-get download xen-hypervisor-common; dpkg-deb -x").
if [ "$scenario" = xen ]; then
	mkdir -p /etc/default/grub.d
	cp "${XEN_CFG:?set XEN_CFG to the etc/default/grub.d/xen.cfg}" /etc/default/grub.d/
fi
# /dev/disk/by-uuid makes 10_linux write root=UUID=...
mount -t tmpfs tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mkdir -p /dev/disk/by-uuid
touch /dev/vda1 /dev/vda2
ln -s ../../vda2 /dev/disk/by-uuid/$ROOT_UUID
ln -s ../../vda1 /dev/disk/by-uuid/$BOOT_UUID
grub-mkconfig -o /boot/grub/grub.cfg 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
cp /boot/grub/grub.cfg "$out"
cat "$work/log" >&2
