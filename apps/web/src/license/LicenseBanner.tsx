/**
 * Shown instead of the board when tldraw would go blank for want of a license key (HTTPS on a
 * non-loopback host, no key in the relay's configuration). Says why, and what the GM can do.
 */
export function LicenseBanner() {
  return (
    <main className="mt-screen" data-testid="license-needed">
      <h1>This table needs a tldraw license key</h1>
      <p>
        Meshtable draws the board with tldraw. Over HTTPS on a public host name, tldraw only runs
        with a license key, and this relay has none configured.
      </p>
      <p>
        Whoever runs the relay can add one with <code>--tldraw-license-key &lt;key&gt;</code> or the
        environment variable <code>MESHTABLE_TLDRAW_LICENSE_KEY</code>, then reload this page. Keys
        are available at <span className="mt-nolink">tldraw.dev</span>.
      </p>
      <p>
        Over plain http on a local network, or on localhost, no key is needed: the table works there
        as it is.
      </p>
    </main>
  );
}
