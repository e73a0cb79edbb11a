/**
 * For tests: RFC 8032 §7.1, TEST 1 (the empty message), and a second fixed key. Known answers
 * tie the package's use of @noble/curves to the standard.
 */
import { hexToBytes } from '@noble/hashes/utils.js';

export const RFC8032_TEST1 = {
  secretKey: hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
  publicKey: hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
  signatureOfEmptyMessage: hexToBytes(
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ),
} as const;

/** A second secret key (RFC 8032 §7.1 TEST 2's), for "another person". */
export const OTHER_SECRET_KEY = hexToBytes(
  '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
);
