// `npm run check:links` (in npm test): every relative link and heading anchor in the Markdown
// files resolves. Offline: links to other sites are not fetched.
import remarkValidateLinks from "remark-validate-links";

export default { plugins: [[remarkValidateLinks, { repository: false }]] };
