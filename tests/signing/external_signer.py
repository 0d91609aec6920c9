"""An external signer in its own process, standing for a USB token's plugin or a remote signing
service: it holds its own key (a PKCS#12 the app never sees), reads the hex digest the app
prepared on stdin and writes a detached PAdES CMS (DER) over it on stdout.

    python external_signer.py KEY.p12 PASSWORD < digest.hex > signature.der
"""

import asyncio
import sys

from pyhanko.sign import signers


def main() -> None:
    path, password = sys.argv[1], sys.argv[2]
    digest = bytes.fromhex(sys.stdin.read().strip())
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode())
    cms = asyncio.run(signer.async_sign(digest, "sha256", use_pades=True))
    sys.stdout.buffer.write(cms.dump())


if __name__ == "__main__":
    main()
