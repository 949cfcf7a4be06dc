/** parity's home page; the code pages live under `/docs/codes/`. */
export const PARITY_INFORMATION_URI = 'https://parity.dev';
