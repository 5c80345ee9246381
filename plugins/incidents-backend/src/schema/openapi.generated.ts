// Generated from openapi.yaml by scripts/generate-openapi.mjs: do not edit by hand.
// Run `npm run generate:openapi --workspace @firebreak/plugin-incidents-backend` after changing the YAML.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/** The incidents API specification. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "incidents",
    "version": "1",
    "description": "Firebreak's incident API, mounted at `/api/incidents`. Every route needs Backstage\ncredentials (a user token, or a service token for plugins and external callers).\nErrors use Backstage's error shape: `{ error: { name, message }, response: { statusCode } }`.\n\nInput rules, the same on SQLite and PostgreSQL:\n- Text anywhere in a request (body, query, path; keys included) must be valid Unicode\n  without NUL: U+0000 or a lone UTF-16 surrogate (`\\ud800`) is a 400 naming the field,\n  e.g. `body.title must not contain the NUL character (U+0000)`. Alert senders\n  (`POST /alerts/{source}`) are never refused for their text: such characters are\n  replaced by U+FFFD and the stored alert carries the annotation\n  `firebreak.dev/sanitised-text` naming the fields that changed.\n- Ids are positive integers of at most 2147483647.\n- Instants are ISO-8601 date-times with an offset (`2026-01-05T09:00:00Z`), real\n  calendar dates (no 30 February), from 2000-01-01T00:00:00Z up to (not including)\n  2100-01-01T00:00:00Z.\n- Entity refs follow the catalog's rules for kind, namespace and name\n  (`component:default/payments-api`). A well-formed ref the catalog does not know is\n  accepted; declaring answers with a warning in `warnings`.\n",
    "license": {
      "name": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "incidentId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "Numeric id or reference (`INC-123`).",
        "schema": {
          "type": "string",
          "pattern": "^(INC-)?[0-9]{1,10}$"
        }
      },
      "postmortemId": {
        "name": "postmortemId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[0-9]{1,10}$"
        }
      },
      "coverRequestId": {
        "name": "requestId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[0-9]{1,10}$"
        }
      }
    },
    "schemas": {
      "EntityRef": {
        "type": "string",
        "minLength": 1,
        "maxLength": 300
      },
      "Instant": {
        "type": "string",
        "format": "date-time",
        "maxLength": 40,
        "description": "An ISO-8601 date-time with an offset, from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z."
      },
      "IncidentStatus": {
        "type": "string",
        "enum": [
          "triggered",
          "acknowledged",
          "investigating",
          "identified",
          "monitoring",
          "resolved",
          "declined",
          "merged"
        ]
      },
      "Impact": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "submitterSource": {
            "type": "string",
            "maxLength": 500
          },
          "customers": {
            "type": "string",
            "maxLength": 2000
          },
          "systems": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "type": "string",
              "maxLength": 300
            }
          },
          "usersAffected": {
            "type": "string",
            "maxLength": 2000
          },
          "impactType": {
            "type": "string",
            "enum": [
              "outage",
              "degradation",
              "security",
              "data-loss",
              "other"
            ]
          }
        }
      },
      "Link": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "title",
          "url"
        ],
        "properties": {
          "title": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2000
          }
        }
      },
      "Links": {
        "type": "array",
        "maxItems": 50,
        "items": {
          "$ref": "#/components/schemas/Link"
        }
      },
      "EntityRefs": {
        "type": "array",
        "maxItems": 100,
        "items": {
          "$ref": "#/components/schemas/EntityRef"
        }
      },
      "Incident": {
        "type": "object",
        "required": [
          "id",
          "ref",
          "title",
          "status",
          "severity",
          "entityRef",
          "version"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "ref": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "status": {
            "$ref": "#/components/schemas/IncidentStatus"
          },
          "severity": {
            "type": "string"
          },
          "entityRef": {
            "type": "string"
          },
          "affectedEntityRefs": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "ownerRef": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "impact": {
            "$ref": "#/components/schemas/Impact"
          },
          "roles": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "role": {
                  "type": "string"
                },
                "userRef": {
                  "type": "string"
                },
                "assignedAt": {
                  "type": "string"
                },
                "assignedBy": {
                  "type": "string"
                }
              }
            }
          },
          "links": {
            "$ref": "#/components/schemas/Links"
          },
          "createdBy": {
            "type": "string"
          },
          "startedAt": {
            "type": "string",
            "description": "When the problem started (the alert sender's start, or what a responder entered), never after detectedAt; absent when unknown. Time to detect is measured from it."
          },
          "detectedAt": {
            "type": "string"
          },
          "acknowledgedAt": {
            "type": "string",
            "description": "When someone (a responder, or the alert's sender) first acknowledged it; an automatic move to monitoring does not set it."
          },
          "mitigatedAt": {
            "type": "string"
          },
          "resolvedAt": {
            "type": "string"
          },
          "mergedIntoId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          },
          "version": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          }
        }
      },
      "TimelineEvent": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "incidentId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "type": {
            "type": "string"
          },
          "at": {
            "type": "string"
          },
          "actorRef": {
            "type": "string"
          },
          "message": {
            "type": "string"
          },
          "data": {
            "type": "object"
          },
          "pinned": {
            "type": "boolean"
          }
        }
      },
      "StatusUpdate": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "incidentId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "status": {
            "$ref": "#/components/schemas/IncidentStatus"
          },
          "message": {
            "type": "string"
          },
          "postedBy": {
            "type": "string"
          },
          "postedAt": {
            "type": "string"
          },
          "public": {
            "type": "boolean",
            "description": "Shown on the public status page."
          }
        }
      },
      "OncallOverride": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "groupRef": {
            "type": "string"
          },
          "userRef": {
            "type": "string"
          },
          "startsAt": {
            "type": "string"
          },
          "endsAt": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          }
        }
      },
      "OncallShift": {
        "type": "object",
        "required": [
          "userRef",
          "start",
          "end"
        ],
        "description": "A stretch as primary; `end` is exclusive. Times are ISO-8601 UTC.",
        "properties": {
          "userRef": {
            "type": "string"
          },
          "start": {
            "type": "string"
          },
          "end": {
            "type": "string"
          },
          "overrideId": {
            "type": "integer",
            "description": "The override that puts the user on this stretch, if any."
          }
        }
      },
      "EscalationState": {
        "type": "object",
        "required": [
          "state",
          "level",
          "levels"
        ],
        "properties": {
          "state": {
            "type": "string",
            "enum": [
              "escalating",
              "acknowledged",
              "closed",
              "exhausted",
              "none"
            ],
            "description": "`escalating`: a next level will fire; `acknowledged` / `closed`: stopped by\nacknowledgement or resolution; `exhausted`: every level fired; `none`: the\nseverity or the team defines no escalation.\n"
          },
          "source": {
            "type": "string",
            "enum": [
              "flat",
              "policy"
            ],
            "description": "A flat `escalation` list (one step per acknowledgement target) or a policy with levels."
          },
          "level": {
            "type": "integer",
            "description": "Escalation steps taken so far (0 = only the first page)."
          },
          "levels": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "level",
                "at",
                "targets"
              ],
              "properties": {
                "level": {
                  "type": "integer"
                },
                "after": {
                  "type": "string",
                  "description": "ISO-8601 delay after the previous level."
                },
                "at": {
                  "type": "string",
                  "description": "When the level fires or fired."
                },
                "targets": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "fired": {
                  "type": "boolean"
                }
              }
            }
          },
          "next": {
            "type": "object",
            "required": [
              "level",
              "at",
              "targets"
            ],
            "properties": {
              "level": {
                "type": "integer"
              },
              "at": {
                "type": "string"
              },
              "targets": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "CoverRequest": {
        "type": "object",
        "required": [
          "id",
          "groupRef",
          "requesterRef",
          "coverRef",
          "startsAt",
          "endsAt",
          "status",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "groupRef": {
            "type": "string"
          },
          "requesterRef": {
            "type": "string"
          },
          "coverRef": {
            "type": "string"
          },
          "startsAt": {
            "type": "string"
          },
          "endsAt": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "pending",
              "accepted",
              "declined",
              "cancelled"
            ]
          },
          "overrideId": {
            "type": "integer"
          },
          "createdAt": {
            "type": "string"
          },
          "decidedAt": {
            "type": "string"
          }
        }
      },
      "ScheduledShift": {
        "allOf": [
          {
            "$ref": "#/components/schemas/OncallShift"
          },
          {
            "type": "object",
            "properties": {
              "secondaryRef": {
                "type": "string",
                "description": "Who backs the primary up on this stretch."
              }
            }
          }
        ]
      },
      "PostmortemStatus": {
        "type": "string",
        "enum": [
          "draft",
          "in_review",
          "published"
        ]
      },
      "ActionItemStatus": {
        "type": "string",
        "enum": [
          "open",
          "in_progress",
          "done",
          "wont_do"
        ]
      },
      "ActionItemPriority": {
        "type": "string",
        "enum": [
          "P1",
          "P2",
          "P3",
          "P4"
        ]
      },
      "PostmortemSections": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "summary": {
            "type": "string",
            "maxLength": 50000
          },
          "impact": {
            "type": "string",
            "maxLength": 50000
          },
          "leadup": {
            "type": "string",
            "maxLength": 50000
          },
          "fault": {
            "type": "string",
            "maxLength": 50000
          },
          "detection": {
            "type": "string",
            "maxLength": 50000
          },
          "response": {
            "type": "string",
            "maxLength": 50000
          },
          "recovery": {
            "type": "string",
            "maxLength": 50000
          },
          "rootCause": {
            "type": "string",
            "maxLength": 50000
          },
          "contributingFactors": {
            "type": "string",
            "maxLength": 50000
          },
          "lessonsWentWell": {
            "type": "string",
            "maxLength": 50000
          },
          "lessonsWentWrong": {
            "type": "string",
            "maxLength": 50000
          },
          "lessonsGotLucky": {
            "type": "string",
            "maxLength": 50000
          },
          "backlogCheck": {
            "type": "string",
            "maxLength": 50000
          },
          "recurrence": {
            "type": "string",
            "maxLength": 50000
          },
          "correctiveActions": {
            "type": "string",
            "maxLength": 50000
          }
        }
      },
      "FiveWhys": {
        "type": "array",
        "maxItems": 20,
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "question",
            "answer"
          ],
          "properties": {
            "question": {
              "type": "string",
              "maxLength": 2000
            },
            "answer": {
              "type": "string",
              "maxLength": 5000
            }
          }
        }
      },
      "Postmortem": {
        "type": "object",
        "required": [
          "id",
          "incidentId",
          "status",
          "sections",
          "version"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "incidentId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "status": {
            "$ref": "#/components/schemas/PostmortemStatus"
          },
          "sections": {
            "$ref": "#/components/schemas/PostmortemSections"
          },
          "fiveWhys": {
            "$ref": "#/components/schemas/FiveWhys"
          },
          "timeline": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "at": {
                  "type": "string"
                },
                "type": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                },
                "actorRef": {
                  "type": "string"
                },
                "pinned": {
                  "type": "boolean"
                }
              }
            }
          },
          "reviewers": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "userRef": {
                  "type": "string"
                },
                "approvedAt": {
                  "type": "string"
                }
              }
            }
          },
          "dueAt": {
            "type": "string"
          },
          "publishedAt": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          },
          "version": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          }
        }
      },
      "ActionItem": {
        "type": "object",
        "required": [
          "id",
          "incidentId",
          "title",
          "ownerRef",
          "priority",
          "status"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "incidentId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "postmortemId": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "ownerRef": {
            "type": "string"
          },
          "priority": {
            "$ref": "#/components/schemas/ActionItemPriority"
          },
          "dueAt": {
            "type": "string"
          },
          "status": {
            "$ref": "#/components/schemas/ActionItemStatus"
          },
          "ticketUrl": {
            "type": "string"
          },
          "jiraKey": {
            "type": "string",
            "description": "Key of the Jira issue made for it, e.g. `PAY-12`."
          },
          "jiraUrl": {
            "type": "string",
            "description": "The issue in Jira (`<baseUrl>/browse/<key>`)."
          },
          "jiraStatus": {
            "type": "string",
            "description": "The Jira issue's status when last synced, e.g. `In Progress`."
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          },
          "completedAt": {
            "type": "string"
          },
          "runbookFollowUp": {
            "type": "object",
            "description": "Set on runbook follow-ups, the alert whose runbook is missing or stale.",
            "required": [
              "kind",
              "entityRef",
              "alertName"
            ],
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "add_runbook",
                  "update_runbook"
                ]
              },
              "entityRef": {
                "type": "string"
              },
              "alertName": {
                "type": "string"
              },
              "runbookUrl": {
                "type": "string"
              }
            }
          },
          "completionNote": {
            "type": "string",
            "description": "How Firebreak closed the item, e.g. the runbook the catalog gained."
          }
        }
      },
      "Alert": {
        "type": "object",
        "required": [
          "id",
          "source",
          "dedupKey",
          "name",
          "status",
          "count",
          "firstSeenAt",
          "lastSeenAt"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "source": {
            "type": "string"
          },
          "dedupKey": {
            "type": "string"
          },
          "entityRef": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "sourceSeverity": {
            "type": "string"
          },
          "severity": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "firing",
              "acknowledged",
              "resolved"
            ]
          },
          "labels": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "annotations": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "sourceUrl": {
            "type": "string"
          },
          "runbookUrl": {
            "type": "string"
          },
          "runbookFrom": {
            "type": "string",
            "enum": [
              "table",
              "entity",
              "alert"
            ]
          },
          "count": {
            "type": "integer"
          },
          "firstSeenAt": {
            "type": "string"
          },
          "lastSeenAt": {
            "type": "string"
          },
          "acknowledgedAt": {
            "type": "string"
          },
          "resolvedAt": {
            "type": "string"
          },
          "incidentId": {
            "type": "integer"
          },
          "maintenanceWindowId": {
            "type": "integer",
            "description": "The maintenance window the alert fired in: stored and resolvable as usual,\nbut it opened no incident and paged nobody while the window lasted.\n"
          }
        }
      },
      "MaintenanceWindow": {
        "type": "object",
        "required": [
          "id",
          "entityRef",
          "includeDependents",
          "startsAt",
          "endsAt",
          "reason",
          "createdBy",
          "createdAt",
          "state"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647
          },
          "entityRef": {
            "type": "string"
          },
          "ownerRef": {
            "type": "string",
            "description": "The entity's owner when the window was created; told at start and end."
          },
          "includeDependents": {
            "type": "boolean"
          },
          "startsAt": {
            "type": "string"
          },
          "endsAt": {
            "type": "string",
            "description": "The planned end (exclusive)."
          },
          "reason": {
            "type": "string"
          },
          "severities": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "The severity ids it keeps from paging; absent for all."
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "endedAt": {
            "type": "string",
            "description": "When it was ended early, or cancelled before its start."
          },
          "endedBy": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "scheduled",
              "active",
              "ended"
            ]
          }
        }
      },
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "An error, with its name and message.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/severities": {
      "get": {
        "operationId": "ListSeverities",
        "description": "The severity policy in force, most severe first.",
        "responses": {
          "200": {
            "description": "The levels.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/roles": {
      "get": {
        "operationId": "ListRoles",
        "description": "The incident roles that can be assigned.",
        "responses": {
          "200": {
            "description": "The roles.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents": {
      "get": {
        "operationId": "ListIncidents",
        "description": "Incidents matching every given filter, newest first (or by severity then age), with keyset pagination.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "description": "Primary or affected entity; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "ownerRef",
            "in": "query",
            "description": "Owner group; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "participantRef",
            "in": "query",
            "description": "A user holding a role in the incident, or who declared it; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "roleHolderRef",
            "in": "query",
            "description": "A user holding a role in the incident (declaring alone does not count); repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/IncidentStatus"
              }
            }
          },
          {
            "name": "severity",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "q",
            "in": "query",
            "description": "Text in title, description or reference.",
            "schema": {
              "type": "string",
              "maxLength": 200
            }
          },
          {
            "name": "from",
            "in": "query",
            "description": "detectedAt at or after.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "description": "detectedAt before.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 500
            }
          },
          {
            "name": "sort",
            "in": "query",
            "description": "detected (default): newest first; severity: most severe first by the policy, then oldest first. A cursor belongs to its order.",
            "schema": {
              "type": "string",
              "enum": [
                "detected",
                "severity"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of incidents.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Incident"
                      }
                    },
                    "nextCursor": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "DeclareIncident",
        "description": "Declares an incident; paging severities page the owner's on-call.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "title",
                  "severity",
                  "entityRef"
                ],
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 20000
                  },
                  "severity": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 16
                  },
                  "entityRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "affectedEntityRefs": {
                    "$ref": "#/components/schemas/EntityRefs"
                  },
                  "impact": {
                    "$ref": "#/components/schemas/Impact"
                  },
                  "links": {
                    "$ref": "#/components/schemas/Links"
                  },
                  "startedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "detectedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "triggered",
                      "acknowledged",
                      "investigating"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new incident. `warnings` says what the declaration could not do, e.g. that its entity is not in the catalog, so nobody was paged.",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Incident"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "warnings": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}": {
      "get": {
        "operationId": "GetIncident",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The incident.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "patch": {
        "operationId": "UpdateIncident",
        "description": "Changes fields. Send `version` to have a stale write refused with 409.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 20000
                  },
                  "severity": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 16
                  },
                  "affectedEntityRefs": {
                    "$ref": "#/components/schemas/EntityRefs"
                  },
                  "impact": {
                    "$ref": "#/components/schemas/Impact"
                  },
                  "links": {
                    "$ref": "#/components/schemas/Links"
                  },
                  "startedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "detectedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "acknowledgedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "mitigatedAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 2147483647
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated incident.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/transitions": {
      "post": {
        "operationId": "TransitionIncident",
        "description": "Moves the incident to another status; illegal moves answer 409 listing the allowed ones.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "to"
                ],
                "properties": {
                  "to": {
                    "$ref": "#/components/schemas/IncidentStatus"
                  },
                  "message": {
                    "type": "string",
                    "maxLength": 5000
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 2147483647
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated incident.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/roles": {
      "post": {
        "operationId": "AssignRole",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "role",
                  "userRef"
                ],
                "properties": {
                  "role": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 100
                  },
                  "userRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The incident with its roles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/roles/{role}": {
      "delete": {
        "operationId": "UnassignRole",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          },
          {
            "name": "role",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          },
          {
            "name": "userRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The incident with its roles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/escalation": {
      "get": {
        "operationId": "GetIncidentEscalation",
        "description": "Where the incident stands in its owner team's escalation policy: the levels of the\npolicy for its severity (repeats expanded), when each fires or fired, the steps\ntaken so far, and the next one, if any. Escalation stops at acknowledgement.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The escalation state.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EscalationState"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/timeline": {
      "get": {
        "operationId": "GetTimeline",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "Timeline entries, oldest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/TimelineEvent"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "AddNote",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "message"
                ],
                "properties": {
                  "message": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 10000
                  },
                  "pinned": {
                    "type": "boolean"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The note.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TimelineEvent"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/timeline/{eventId}": {
      "patch": {
        "operationId": "PinTimelineEvent",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          },
          {
            "name": "eventId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "pinned"
                ],
                "properties": {
                  "pinned": {
                    "type": "boolean"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The entry.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TimelineEvent"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/status-updates": {
      "get": {
        "operationId": "ListStatusUpdates",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "Status updates, newest first, and the template variables for a new one.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/StatusUpdate"
                      }
                    },
                    "variables": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "PostStatusUpdate",
        "description": "Posts `message`, or without it the template of the current status filled in.\n`public: true` also shows it on the public status page (for the incident's\nentities that are on it); updates are internal otherwise.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "public": {
                    "type": "boolean"
                  },
                  "message": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 10000
                  },
                  "variables": {
                    "type": "object",
                    "maxProperties": 20,
                    "additionalProperties": {
                      "type": "string",
                      "maxLength": 2000
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The status update.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StatusUpdate"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/merge": {
      "post": {
        "operationId": "MergeIncident",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "into"
                ],
                "properties": {
                  "into": {
                    "type": "string",
                    "pattern": "^(INC-)?[0-9]{1,10}$"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The incident merged into.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/entity-summary": {
      "get": {
        "operationId": "GetEntitySummary",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Open and upstream incidents, owner and on-call of an entity.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/heartbeats": {
      "get": {
        "operationId": "ListHeartbeats",
        "description": "The heartbeats (dead-man switches) the entity declares in\n`firebreak.dev/heartbeats`, each with its state: `ok` (pinged, `dueBy` the\ndeadline), `waiting` (never pinged) or `missed` (its HeartbeatMissed alert is\nraised, since `missedAt`). Jobs ping at\n`POST /heartbeats/{namespace}/{kind}/{name}/{heartbeat}` with an alert sender's\ntoken (outside this spec, like the alert sources).\n",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The entity's heartbeats, in the annotation's order.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "name",
                          "interval",
                          "grace",
                          "state"
                        ],
                        "properties": {
                          "name": {
                            "type": "string"
                          },
                          "interval": {
                            "type": "string"
                          },
                          "grace": {
                            "type": "string"
                          },
                          "severity": {
                            "type": "string"
                          },
                          "description": {
                            "type": "string"
                          },
                          "state": {
                            "type": "string",
                            "enum": [
                              "ok",
                              "missed",
                              "waiting"
                            ]
                          },
                          "lastPingAt": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "dueBy": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "missedAt": {
                            "type": "string",
                            "format": "date-time"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/maintenance-windows": {
      "get": {
        "operationId": "ListMaintenanceWindows",
        "description": "Maintenance windows, newest start first: those of one entity with `entityRef`,\nin one state with `state` (as of now). Readable by whoever may read incidents; a\nreader limited to their teams sees their teams' entities' windows.\n",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          },
          {
            "name": "state",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "scheduled",
                "active",
                "ended"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The windows.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/MaintenanceWindow"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateMaintenanceWindow",
        "description": "Puts an entity in maintenance now, or schedules it (`startsAt` later). While the\nwindow is active, alerts routed to the entity (and with `includeDependents` to\nthe entities whose `dependsOn` names it) of the `severities` given (default all)\nare stored, deduplicated and resolvable as usual and marked with the window's\nid, but open or join no incident and page nobody. `endsAt` is required: after\nthe start, at least a minute and at most 7 days later; `startsAt` may not lie\nmore than 5 minutes in the past. The entity must be in the catalog; its owner\nteam is told when the window starts and ends. At most 20 windows per entity\nthat have not ended (409). Needs `incidents.maintenance.manage` on the entity.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "entityRef",
                  "endsAt",
                  "reason"
                ],
                "properties": {
                  "entityRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "includeDependents": {
                    "type": "boolean"
                  },
                  "startsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "endsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "reason": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 500
                  },
                  "severities": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 20,
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 64
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The window.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MaintenanceWindow"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/maintenance-windows/{windowId}": {
      "delete": {
        "operationId": "EndMaintenanceWindow",
        "description": "Ends the window now (cancels it when it has not started) and answers it; a\nwindow that has ended already is answered as it is. Alerts still firing that\nfired during it open or join an incident at their next repeat. 404 when unknown.\n",
        "parameters": [
          {
            "name": "windowId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The ended window.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MaintenanceWindow"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall": {
      "get": {
        "operationId": "GetOncall",
        "description": "Who is on call now for a group, or for the owner of an entity.",
        "parameters": [
          {
            "name": "groupRef",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          },
          {
            "name": "entityRef",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          },
          {
            "name": "at",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The on-call at that instant, and the next shifts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/schedule": {
      "get": {
        "operationId": "GetOncallSchedule",
        "description": "A team's schedule over [from, to) (default four weeks from now, at most 92\ndays): every stretch as primary overlapping the window, with who backs it up\n(the rotation's next person, or under an override the person it replaced) and\nthe override that makes it, if any. Empty `shifts` for a team without rotation.\n",
        "parameters": [
          {
            "name": "groupRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          },
          {
            "name": "from",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The schedule.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "groupRef",
                    "from",
                    "to",
                    "shifts",
                    "truncated",
                    "catalogAvailable"
                  ],
                  "properties": {
                    "groupRef": {
                      "type": "string"
                    },
                    "title": {
                      "type": "string"
                    },
                    "timezone": {
                      "type": "string",
                      "description": "The IANA zone the rotation counts shifts in."
                    },
                    "shift": {
                      "type": "string",
                      "description": "The rotation's ISO-8601 shift length."
                    },
                    "from": {
                      "type": "string"
                    },
                    "to": {
                      "type": "string"
                    },
                    "shifts": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ScheduledShift"
                      }
                    },
                    "truncated": {
                      "type": "boolean",
                      "description": "True when the window held more stretches than listed (500)."
                    },
                    "catalogAvailable": {
                      "type": "boolean"
                    },
                    "snapshotAt": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/shifts": {
      "get": {
        "operationId": "GetMyOncallShifts",
        "description": "The signed-in user's on-call shifts as primary across their teams (the group\nownership refs Backstage resolved at sign-in): per team, the shift in force at\n`at` (default now) and the next one, overrides included. Teams without a\nrotation, and teams where the user has no shift, are left out. Users only: a\nservice token is refused (403).\n",
        "parameters": [
          {
            "name": "at",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "until",
            "in": "query",
            "description": "Also list each team's stretches of the user's up to here (at most 92 days after `at`).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The user's shifts now and next.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "userRef",
                    "at",
                    "items",
                    "catalogAvailable"
                  ],
                  "properties": {
                    "userRef": {
                      "type": "string"
                    },
                    "at": {
                      "type": "string"
                    },
                    "catalogAvailable": {
                      "type": "boolean",
                      "description": "False when a team could not be read from the catalog."
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "groupRef"
                        ],
                        "properties": {
                          "groupRef": {
                            "type": "string"
                          },
                          "title": {
                            "type": "string"
                          },
                          "current": {
                            "$ref": "#/components/schemas/OncallShift"
                          },
                          "next": {
                            "$ref": "#/components/schemas/OncallShift"
                          },
                          "upcoming": {
                            "type": "array",
                            "items": {
                              "$ref": "#/components/schemas/ScheduledShift"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/overrides": {
      "get": {
        "operationId": "ListOncallOverrides",
        "parameters": [
          {
            "name": "groupRef",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 300
            }
          },
          {
            "name": "from",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Overrides overlapping the window.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/OncallOverride"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateOncallOverride",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "groupRef",
                  "userRef",
                  "startsAt",
                  "endsAt"
                ],
                "properties": {
                  "groupRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "userRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "startsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "endsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "reason": {
                    "type": "string",
                    "maxLength": 500
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The override.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OncallOverride"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/overrides/{overrideId}": {
      "delete": {
        "operationId": "DeleteOncallOverride",
        "parameters": [
          {
            "name": "overrideId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/cover-requests": {
      "get": {
        "operationId": "ListCoverRequests",
        "description": "The signed-in user's cover requests, asked by or of them, newest first (at most 50). Users only.",
        "responses": {
          "200": {
            "description": "The requests.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/CoverRequest"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateCoverRequest",
        "description": "\"Cover me\": asks a teammate (`coverRef`, a member of the group) to take the\ngroup's on-call from `startsAt` to `endsAt` (at most 31 days). The teammate is\nnotified; accepting creates the on-call override. Users only; needs the override\npermission on the group.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "groupRef",
                  "coverRef",
                  "startsAt",
                  "endsAt"
                ],
                "properties": {
                  "groupRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "coverRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "startsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "endsAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "reason": {
                    "type": "string",
                    "maxLength": 500
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The pending request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CoverRequest"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/cover-requests/{requestId}": {
      "delete": {
        "operationId": "CancelCoverRequest",
        "description": "The requester withdraws a pending request (409 once decided).",
        "parameters": [
          {
            "$ref": "#/components/parameters/coverRequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The cancelled request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CoverRequest"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/cover-requests/{requestId}/accept": {
      "post": {
        "operationId": "AcceptCoverRequest",
        "description": "The teammate asked takes the on-call; creates the override and notes it on the team's open incidents (409 once decided).",
        "parameters": [
          {
            "$ref": "#/components/parameters/coverRequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The accepted request with its `overrideId`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CoverRequest"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/cover-requests/{requestId}/decline": {
      "post": {
        "operationId": "DeclineCoverRequest",
        "description": "The teammate asked cannot cover (409 once decided).",
        "parameters": [
          {
            "$ref": "#/components/parameters/coverRequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The declined request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CoverRequest"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/oncall/calendar-feed": {
      "post": {
        "operationId": "IssueOncallCalendarFeed",
        "description": "Issues the signed-in user's secret calendar feed token, revoking any earlier\none, and answers the iCalendar URLs it opens (calendar clients cannot sign in,\nso the URL carries the token; keep it private): the user's own shifts across\ntheir teams, and each team's whole primary schedule. Users only.\n",
        "responses": {
          "201": {
            "description": "The feed URLs; the token is shown only here.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "shifts",
                    "teams"
                  ],
                  "properties": {
                    "shifts": {
                      "type": "string"
                    },
                    "teams": {
                      "type": "object",
                      "additionalProperties": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "RevokeOncallCalendarFeed",
        "description": "Revokes the signed-in user's calendar feed token. Users only.",
        "responses": {
          "204": {
            "description": "Revoked; feeds under the old token answer 404."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/alerts": {
      "get": {
        "operationId": "ListAlerts",
        "description": "Alerts, newest first. `unrouted=true` lists the inbox of alerts that matched no\nentity. Alerts arrive at `POST /alerts/{source}` (alertmanager, events/v2, generic,\nand sources added by modules), which take each sender's own payload format.\n",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "incidentId",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^(INC-)?[0-9]{1,10}$"
            }
          },
          {
            "name": "unrouted",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "open",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of alerts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Alert"
                      }
                    },
                    "nextCursor": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/runbooks": {
      "get": {
        "operationId": "GetRunbookTable",
        "description": "The entity's alert -> runbook table merged with what has fired, and the coverage figure. Answers 403 when the caller's read scope does not include the entity's owner.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The runbook table.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/alerts": {
      "get": {
        "operationId": "GetIncidentAlerts",
        "description": "The incident's alerts, each with its runbook or the YAML snippet that would add one.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The alerts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/runbook-review": {
      "get": {
        "operationId": "GetIncidentRunbookReview",
        "description": "Each alert of the incident (per entity and name) with its runbook as the catalog has it now (own, fallback or none), the link check's last finding, the follow-up that would fix it and the newest runbook follow-up made for it.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The alerts' runbook state.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/runbook-follow-ups": {
      "post": {
        "operationId": "CreateRunbookFollowUp",
        "description": "Creates a runbook follow-up for one alert of the incident: an action item owned by the entity's owner. `add_runbook` (the default when the alert has no runbook of its own) closes itself once the entity's `firebreak.dev/alerts` row names a runbook; `update_runbook` carries the runbook and is closed by a person. 409 while an outstanding follow-up of that kind exists for the alert.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "entityRef",
                  "alertName"
                ],
                "properties": {
                  "entityRef": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300
                  },
                  "alertName": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 500
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "add_runbook",
                      "update_runbook"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The follow-up.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "GetMetrics",
        "description": "MTTA, MTTR (mean, p50, p90) overall and per severity, primary entity and owner;\nincidents per day or week and severity; acknowledgement and resolution target\nbreaches; alert noise and runbook coverage — over incidents detected in\n`[from, to)` (at most 400 days), declined and merged incidents left out. Callers\nwhose read permission depends on ownership see their owners' incidents only.\nMTTD is always `null`: the start of a problem is not recorded, only its detection.\n",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "entityRef",
            "in": "query",
            "description": "Primary or affected entity.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          },
          {
            "name": "ownerRef",
            "in": "query",
            "description": "Owning group; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 300
              }
            }
          },
          {
            "name": "bucket",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "day",
                "week"
              ],
              "default": "day"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The metrics (IncidentMetrics in @firebreak/plugin-incidents-common).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/entity-facts": {
      "get": {
        "operationId": "GetEntityFacts",
        "description": "The figures scorecards check for one entity (primary or affected): open incidents\nat the policy's two most severe levels, MTTR and runbook coverage over incidents\ndetected in the last 90 days, and overdue action items. Callers whose read\npermission depends on ownership get figures over their owners' incidents only.\nThe Tech Insights fact retriever (@firebreak/plugin-tech-insights-backend-module-incidents)\nreads this.\n",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The facts (EntityFacts in @firebreak/plugin-incidents-common).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/incidents/{id}/postmortem": {
      "get": {
        "operationId": "GetIncidentPostmortem",
        "description": "The incident's postmortem; 404 when it has none yet.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateIncidentPostmortem",
        "description": "Starts the incident's postmortem (409 when it has one): empty sections, the\nincident's timeline imported with pinned entries first, due date from the severity\npolicy (`postmortemDueWithin` after resolution, P5D when unset). Severities that\nrequire a postmortem get one automatically when the incident resolves.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "201": {
            "description": "The new postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems": {
      "get": {
        "operationId": "ListPostmortems",
        "description": "Postmortems across incidents, newest first, for the SRE review; with `incidentId`,\nthe postmortems of those incidents in one request (an incident without one is\nsimply not listed).\n",
        "parameters": [
          {
            "name": "incidentId",
            "in": "query",
            "description": "An incident id or reference (INC-12); repeatable, at most 200.",
            "schema": {
              "type": "array",
              "maxItems": 200,
              "items": {
                "type": "string",
                "maxLength": 20
              }
            }
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/PostmortemStatus"
              }
            }
          },
          {
            "name": "ownerRef",
            "in": "query",
            "description": "The incident's owner; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 300
              }
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "description": "Not published and past the due date.",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of postmortems.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Postmortem"
                      }
                    },
                    "nextCursor": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}": {
      "patch": {
        "operationId": "UpdatePostmortem",
        "description": "Changes sections (only those sent), the five whys or the due date. Send `version` to have a stale write refused with 409; published postmortems answer 409.",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "sections": {
                    "$ref": "#/components/schemas/PostmortemSections"
                  },
                  "fiveWhys": {
                    "$ref": "#/components/schemas/FiveWhys"
                  },
                  "dueAt": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/Instant"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 2147483647
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}/transitions": {
      "post": {
        "operationId": "TransitionPostmortem",
        "description": "`draft → in_review` (needs a reviewer), `in_review → published` (needs every\nreviewer's approval) or `in_review → draft` (clears approvals). Refusals are 409.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "to"
                ],
                "properties": {
                  "to": {
                    "$ref": "#/components/schemas/PostmortemStatus"
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 2147483647
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}/reviewers": {
      "put": {
        "operationId": "AddPostmortemReviewer",
        "description": "Adds a reviewer (idempotent).",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "userRef"
                ],
                "properties": {
                  "userRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "RemovePostmortemReviewer",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          },
          {
            "name": "userRef",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 300
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}/approvals": {
      "post": {
        "operationId": "ApprovePostmortem",
        "description": "The caller, a reviewer, approves the postmortem in review.",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "responses": {
          "200": {
            "description": "The postmortem.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}/markdown": {
      "get": {
        "operationId": "ExportPostmortemMarkdown",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "responses": {
          "200": {
            "description": "The postmortem as one Markdown document.",
            "content": {
              "text/markdown": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/postmortems/{postmortemId}/recurrence": {
      "get": {
        "operationId": "GetPostmortemRecurrence",
        "description": "Earlier incidents on the same entity or with an alert of the same name, newest first (at most 10).",
        "parameters": [
          {
            "$ref": "#/components/parameters/postmortemId"
          }
        ],
        "responses": {
          "200": {
            "description": "The incidents.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Incident"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/action-items": {
      "get": {
        "operationId": "ListActionItems",
        "description": "Action items matching every given filter, newest first, with keyset pagination.",
        "parameters": [
          {
            "name": "ownerRef",
            "in": "query",
            "description": "Owner (user or group); repeatable, e.g. a team's refs.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 300
              }
            }
          },
          {
            "name": "entityRef",
            "in": "query",
            "description": "The incident's primary or affected entity; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 300
              }
            }
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/ActionItemStatus"
              }
            }
          },
          {
            "name": "priority",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/ActionItemPriority"
              }
            }
          },
          {
            "name": "incidentId",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^(INC-)?[0-9]{1,10}$"
            }
          },
          {
            "name": "postmortemId",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          },
          {
            "name": "kind",
            "in": "query",
            "description": "task (a plain item), add_runbook or update_runbook; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "enum": [
                  "task",
                  "add_runbook",
                  "update_runbook"
                ]
              }
            }
          },
          {
            "name": "followUpEntityRef",
            "in": "query",
            "description": "Runbook follow-ups about this entity; repeatable.",
            "schema": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 300
              }
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "description": "true: open or in progress and past the due date; false: every other item.",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of action items.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ActionItem"
                      }
                    },
                    "nextCursor": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateActionItem",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "incidentId",
                  "title",
                  "ownerRef"
                ],
                "properties": {
                  "incidentId": {
                    "type": "string",
                    "pattern": "^(INC-)?[0-9]{1,10}$"
                  },
                  "postmortemId": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 2147483647
                  },
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 20000
                  },
                  "ownerRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "priority": {
                    "$ref": "#/components/schemas/ActionItemPriority"
                  },
                  "dueAt": {
                    "$ref": "#/components/schemas/Instant"
                  },
                  "ticketUrl": {
                    "type": "string",
                    "maxLength": 2000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The action item.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/action-items/{itemId}": {
      "patch": {
        "operationId": "UpdateActionItem",
        "parameters": [
          {
            "name": "itemId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 20000
                  },
                  "ownerRef": {
                    "$ref": "#/components/schemas/EntityRef"
                  },
                  "priority": {
                    "$ref": "#/components/schemas/ActionItemPriority"
                  },
                  "dueAt": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/Instant"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "status": {
                    "$ref": "#/components/schemas/ActionItemStatus"
                  },
                  "ticketUrl": {
                    "oneOf": [
                      {
                        "type": "string",
                        "maxLength": 2000
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The action item.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/jira": {
      "get": {
        "operationId": "GetJira",
        "description": "Whether Jira is configured (`incidents.jira`), so pages offer *Create Jira issue*.",
        "responses": {
          "200": {
            "description": "The Jira setup as the frontend needs it.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "configured"
                  ],
                  "properties": {
                    "configured": {
                      "type": "boolean"
                    },
                    "baseUrl": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/action-items/{itemId}/jira": {
      "post": {
        "operationId": "CreateActionItemJiraIssue",
        "description": "Creates the item's Jira issue in its team's project (the Group's `firebreak.dev/jira-project`, else `incidents.jira.teams`, else the default) and stores its key and URL. 409 when the item has one or another request is creating it; 404 when Jira is not configured, 503 when it fails (nothing is stored). Needs `incidents.incident.update` on the item's incident.",
        "parameters": [
          {
            "name": "itemId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,10}$"
            }
          }
        ],
        "responses": {
          "201": {
            "description": "The action item with `jiraKey` and `jiraUrl`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  }
} as const;

/** An express router that validates requests against {@link spec}. */
export function createOpenApiRouter(
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) {
  return createValidatedOpenApiRouter<typeof spec>(spec, options);
}
