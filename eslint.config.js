// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "generated/", "data/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]",
          message: "Every test must run.",
        },
      ],
    },
  },
  {
    // core/ is the domain: no channel, queue or web library may enter it.
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "grammy",
                "@grammyjs/*",
                "imapflow",
                "mailparser",
                "nodemailer",
                "bullmq",
                "ioredis",
                "fastify",
                "@fastify/*",
              ],
              message: "core/ imports no channel, queue or web library.",
            },
            {
              group: ["**/bots/**", "**/mail/**", "**/queue/**", "**/web/**"],
              message: "Adapters call core, never the reverse.",
            },
          ],
        },
      ],
    },
  },
);
